package com.acme.userservice.user;

/**
 * An import stream sent more items than one call may carry.
 */
public class ImportLimitExceededException extends RuntimeException {

	public ImportLimitExceededException(int limit) {
		super("an import may carry at most " + limit + " users; send the rest in another call");
	}

}
