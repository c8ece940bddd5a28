"""Performance measurement at programme scale: dataset generator, floor view, load harness."""
