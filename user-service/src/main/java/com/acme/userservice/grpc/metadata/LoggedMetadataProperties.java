package com.acme.userservice.grpc.metadata;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.grpc.Metadata;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Metadata a caller sends that goes into this service's log lines, besides
 * {@code x-request-id} ({@code acme.grpc.metadata.logged}). order-service forwards
 * {@code x-tenant-id}.
 *
 * @param logged metadata keys, lower case
 */
@ConfigurationProperties("acme.grpc.metadata")
public record LoggedMetadataProperties(@DefaultValue("x-tenant-id") List<String> logged) {

	/**
	 * @return MDC key (camel case, without {@code x-}: {@code tenantId}) to metadata key
	 */
	Map<String, Metadata.Key<String>> keys() {
		Map<String, Metadata.Key<String>> keys = new LinkedHashMap<>();
		for (String name : this.logged) {
			String key = name.trim().toLowerCase(Locale.ROOT);
			keys.put(mdcKey(key), Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
		}
		return keys;
	}

	private static String mdcKey(String key) {
		String[] words = (key.startsWith("x-") ? key.substring(2) : key).split("[-_]");
		StringBuilder camel = new StringBuilder(words[0]);
		for (int i = 1; i < words.length; i++) {
			if (!words[i].isEmpty()) {
				camel.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
			}
		}
		return camel.toString();
	}

}
