package com.acme.stack.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.acme.testsupport.repository.Repository;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml, read with the same merge keys ({@code <<: *anchor}) Compose
 * applies.
 */
record ComposeFile(Map<String, Map<String, Object>> services) {

	@SuppressWarnings("unchecked")
	static ComposeFile load() {
		try {
			Map<String, Object> file = new Yaml().load(Files.readString(Repository.file("docker-compose.yml")));
			return new ComposeFile((Map<String, Map<String, Object>>) file.get("services"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Map<String, Object> service(String name) {
		Map<String, Object> service = this.services.get(name);
		if (service == null) {
			throw new AssertionError("docker-compose.yml has no service " + name);
		}
		return service;
	}

	/** A nested scalar as text, {@code null} when absent. */
	@SuppressWarnings("unchecked")
	String string(String service, String... path) {
		Object value = service(service);
		for (String key : path) {
			if (!(value instanceof Map<?, ?> map)) {
				return null;
			}
			value = ((Map<String, Object>) map).get(key);
		}
		return (value != null) ? value.toString() : null;
	}

	@SuppressWarnings("unchecked")
	List<String> list(String service, String key) {
		return ((List<Object>) service(service).getOrDefault(key, List.of())).stream().map(String::valueOf).toList();
	}

	List<String> volumes(String service) {
		return list(service, "volumes");
	}

	List<String> ports(String service) {
		return list(service, "ports");
	}

	@SuppressWarnings("unchecked")
	Map<String, String> environment(String service) {
		Map<String, Object> environment = (Map<String, Object>) service(service).getOrDefault("environment", Map.of());
		return environment.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> String.valueOf(entry.getValue()), (a, b) -> a,
					LinkedHashMap::new));
	}

	/** The healthcheck command as one line, without the CMD / CMD-SHELL marker. */
	@SuppressWarnings("unchecked")
	String healthcheck(String service) {
		Map<String, Object> healthcheck = (Map<String, Object>) service(service).get("healthcheck");
		if (healthcheck == null) {
			return null;
		}
		List<String> test = (List<String>) healthcheck.get("test");
		return String.join(" ", test.subList(1, test.size()));
	}

	/** The services this one waits for with {@code condition: service_healthy}. */
	@SuppressWarnings("unchecked")
	List<String> dependsOnHealthy(String service) {
		Map<String, Map<String, Object>> dependsOn = (Map<String, Map<String, Object>>) service(service)
			.getOrDefault("depends_on", Map.of());
		return dependsOn.entrySet()
			.stream()
			.filter((entry) -> "service_healthy".equals(entry.getValue().get("condition")))
			.map(Map.Entry::getKey)
			.toList();
	}

	/** The first element of a list of maps under {@code key}. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> first(Map<String, Object> map, String key) {
		List<Map<String, Object>> list = (List<Map<String, Object>>) map.get(key);
		if (list == null || list.isEmpty()) {
			throw new AssertionError("no " + key + " in " + map);
		}
		return list.get(0);
	}

}
