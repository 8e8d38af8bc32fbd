package com.acme.stack.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.acme.stack.support.Repository;
import org.yaml.snakeyaml.Yaml;

/**
 * A service's {@code src/main/resources/application.yml} as flat properties: the default
 * document, with a profile's document laid over it when asked for.
 */
final class SpringConfig {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+):([^}]*)}");

	private final Map<String, String> properties;

	private SpringConfig(Map<String, String> properties) {
		this.properties = properties;
	}

	@SuppressWarnings("unchecked")
	static SpringConfig of(String module, String profile) {
		Map<String, String> properties = new LinkedHashMap<>();
		try {
			String text = Files.readString(Repository.file(module + "/src/main/resources/application.yml"));
			for (Object document : new Yaml().loadAll(text)) {
				Map<String, String> flat = new LinkedHashMap<>();
				flatten("", (Map<String, Object>) document, flat);
				String activation = flat.get("spring.config.activate.on-profile");
				if (activation == null || activation.equals(profile)) {
					properties.putAll(flat);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new SpringConfig(properties);
	}

	String get(String name) {
		String value = this.properties.get(name);
		if (value == null) {
			throw new AssertionError(name + " is not set in application.yml");
		}
		return value;
	}

	/** The value with every {@code ${ENV:default}} resolved from {@code environment}. */
	String resolved(String name, Map<String, String> environment) {
		Matcher matcher = PLACEHOLDER.matcher(get(name));
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(result,
					Matcher.quoteReplacement(environment.getOrDefault(matcher.group(1), matcher.group(2))));
		}
		return matcher.appendTail(result).toString();
	}

	/** The environment variables a property reads ({@code ${NAME:default}}). */
	List<String> environmentVariables(String name) {
		return PLACEHOLDER.matcher(get(name)).results().map((match) -> match.group(1)).toList();
	}

	@SuppressWarnings("unchecked")
	private static void flatten(String prefix, Map<String, Object> map, Map<String, String> into) {
		for (Map.Entry<String, Object> entry : map.entrySet()) {
			String key = prefix + entry.getKey();
			if (entry.getValue() instanceof Map<?, ?> nested) {
				flatten(key + ".", (Map<String, Object>) nested, into);
			}
			else {
				into.put(key, String.valueOf(entry.getValue()));
			}
		}
	}

}
