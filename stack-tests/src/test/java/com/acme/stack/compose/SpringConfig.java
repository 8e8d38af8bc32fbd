package com.acme.stack.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.acme.testsupport.repository.Repository;
import org.yaml.snakeyaml.Yaml;

/**
 * A service's configuration as flat properties, layered as the running service sees it:
 * the platform's shared defaults ({@code grpc-platform}'s {@code acme-grpc-defaults.yml},
 * for a module that depends on it), then the service's
 * {@code src/main/resources/application.yml}: its default document, with the documents of
 * the active profiles laid over it in file order, profile groups
 * ({@code spring.profiles.group.*}) expanded as Spring Boot expands them.
 */
final class SpringConfig {

	/**
	 * Added by the platform as the last property source: any service setting overrides
	 * it.
	 */
	private static final String PLATFORM_DEFAULTS = "grpc-platform/src/main/resources/acme-grpc-defaults.yml";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+):([^}]*)}");

	private final Map<String, String> properties;

	private SpringConfig(Map<String, String> properties) {
		this.properties = properties;
	}

	/**
	 * The configuration with {@code activeProfiles} (as in SPRING_PROFILES_ACTIVE)
	 * active.
	 */
	static SpringConfig of(String module, String activeProfiles) {
		List<Map<String, String>> documents = documents(module + "/src/main/resources/application.yml");
		Map<String, String> base = documents.get(0);
		List<String> profiles = new ArrayList<>();
		for (String profile : activeProfiles.split(",")) {
			profiles.add(profile.strip());
			String group = base.get("spring.profiles.group." + profile.strip());
			if (group != null) {
				Arrays.stream(group.split(",")).map(String::strip).forEach(profiles::add);
			}
		}
		Map<String, String> properties = new LinkedHashMap<>();
		if (usesPlatform(module)) {
			documents(PLATFORM_DEFAULTS).forEach(properties::putAll);
		}
		for (Map<String, String> document : documents) {
			String activation = document.get("spring.config.activate.on-profile");
			if (activation == null || profiles.contains(activation)) {
				properties.putAll(document);
			}
		}
		return new SpringConfig(properties);
	}

	/** Whether {@code module} depends on grpc-platform, whose defaults it then gets. */
	private static boolean usesPlatform(String module) {
		try {
			return Files.readString(Repository.file(module + "/pom.xml"))
				.contains("<artifactId>grpc-platform</artifactId>");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, String>> documents(String file) {
		List<Map<String, String>> documents = new ArrayList<>();
		try {
			String text = Files.readString(Repository.file(file));
			for (Object document : new Yaml().loadAll(text)) {
				Map<String, String> flat = new LinkedHashMap<>();
				flatten("", (Map<String, Object>) document, flat);
				documents.add(flat);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return documents;
	}

	/** Every property whose name starts with {@code prefix}. */
	Map<String, String> startingWith(String prefix) {
		Map<String, String> matching = new LinkedHashMap<>();
		this.properties.forEach((name, value) -> {
			if (name.startsWith(prefix)) {
				matching.put(name, value);
			}
		});
		return matching;
	}

	String get(String name) {
		String value = this.properties.get(name);
		if (value == null) {
			throw new AssertionError(name + " is not set in application.yml or the platform's defaults");
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
			flatten(key, entry.getValue(), into);
		}
	}

	/** Lists as Spring Boot binds them: {@code name[0]}, {@code name[1]}... */
	@SuppressWarnings("unchecked")
	private static void flatten(String key, Object value, Map<String, String> into) {
		if (value instanceof Map<?, ?> nested) {
			flatten(key + ".", (Map<String, Object>) nested, into);
		}
		else if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				flatten(key + "[" + i + "]", list.get(i), into);
			}
		}
		else {
			into.put(key, String.valueOf(value));
		}
	}

}
