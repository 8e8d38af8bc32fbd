package com.acme.authserver.key;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * The key tokens are signed with.
 *
 * @param location an RSA private key, PKCS#8 PEM
 * ({@code openssl genpkey -algorithm RSA}), made by {@code scripts/gen-credentials}; its
 * public half is what the JWK set publishes
 */
@ConfigurationProperties("acme.auth.signing-key")
public record SigningKeyProperties(Resource location) {

}
