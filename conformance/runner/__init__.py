"""The wzp conformance runner's modules (entry point: conformance/run)."""
