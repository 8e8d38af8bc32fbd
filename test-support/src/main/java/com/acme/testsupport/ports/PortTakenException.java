package com.acme.testsupport.ports;

/**
 * A server exited because a port it was told to bind was taken in the moment after
 * {@link LoopbackPorts} checked it: {@link LoopbackPorts#startOnFreePorts} starts it
 * again on other ports. Thrown out of a test only when that kept happening.
 */
public final class PortTakenException extends AssertionError {

	public PortTakenException(String message) {
		super(message);
	}

}
