"""Helpers the tests share: loopback servers, crawls in a subprocess, built histories."""
