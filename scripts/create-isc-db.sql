CREATE DATABASE isc OWNER convergence;
