package com.acme.userservice.user;

/**
 * An import stopped part way. Carries how far it got, so the caller can resume instead of
 * replaying items that were already created; the cause says why it stopped.
 */
public class ImportAbortedException extends RuntimeException {

	private final int failedIndex;

	private final int createdCount;

	public ImportAbortedException(int failedIndex, int createdCount, RuntimeException cause) {
		super("import stopped at item " + failedIndex + " with " + createdCount + " users created", cause);
		this.failedIndex = failedIndex;
		this.createdCount = createdCount;
	}

	/** Position of the item that could not be handled, counting from 0. */
	public int getFailedIndex() {
		return this.failedIndex;
	}

	/** Users created by the items before it. */
	public int getCreatedCount() {
		return this.createdCount;
	}

}
