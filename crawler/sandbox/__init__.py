"""Real servers on loopback for the demo, the tests and the benches: a policy site, a Wayback
Machine, a site of many hosts and a redis-server."""
