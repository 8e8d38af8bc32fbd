package com.acme.authserver.key;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SigningKeyConfigurationTests {

	@TempDir
	Path folder;

	@Test
	void aMissingKeyStopsTheStartAndSaysWhatMakesOne() {
		SigningKeyProperties missing = new SigningKeyProperties(
				new FileSystemResource(this.folder.resolve("auth-server.key")));

		assertThatIllegalStateException().isThrownBy(() -> SigningKeyConfiguration.signingKey(missing))
			.withMessageContaining("acme.auth.signing-key.location")
			.withMessageContaining("scripts/gen-credentials");
	}

	@Test
	void aFileThatIsNotAnRsaPrivateKeyIsRefusedByName() throws Exception {
		Path notAKey = this.folder.resolve("auth-server.key");
		Files.writeString(notAKey, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
		SigningKeyProperties garbled = new SigningKeyProperties(new FileSystemResource(notAKey));

		assertThatIllegalStateException().isThrownBy(() -> SigningKeyConfiguration.signingKey(garbled))
			.withMessageContaining("is not an RSA private key");
	}

}
