"""Real servers on loopback for the demo and the tests: a policy site and a Wayback Machine."""
