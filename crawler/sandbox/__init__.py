"""Real servers on loopback for the demo, the tests and the benches: nothing leaves the machine."""
