package com.acme.userservice.user;

/**
 * The lifecycle of a user. Stored by name, so constants may be added but never renamed.
 */
public enum UserStatus {

	/** May place orders. */
	ACTIVE,

	/** May not place orders until re-activated. */
	SUSPENDED

}
