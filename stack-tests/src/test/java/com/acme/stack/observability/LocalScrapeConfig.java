package com.acme.stack.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import com.acme.testsupport.repository.Repository;
import org.yaml.snakeyaml.Yaml;

/**
 * observability/prometheus/prometheus-local.yml (the run command's Prometheus) and its
 * rules, copied with nothing changed but the two targets: the services under test serve
 * Actuator on free ports rather than 8081 and 8082.
 */
final class LocalScrapeConfig {

	static final String CONFIG = "observability/prometheus/prometheus-local.yml";

	private LocalScrapeConfig() {
	}

	/**
	 * @return the config file of the copy made under {@code work}
	 */
	static Path pointedAt(Path work, int userServiceActuatorPort, int orderServiceActuatorPort) throws IOException {
		Path source = Repository.file(CONFIG).getParent();
		Path copy = work.resolve("prometheus-config");
		try (Stream<Path> files = Files.walk(source)) {
			for (Path file : files.toList()) {
				Path target = copy.resolve(source.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target);
				}
			}
		}
		Path config = copy.resolve("prometheus-local.yml");
		String text = Files.readString(config);
		String pointed = replaceOnce(
				replaceOnce(text, "\"localhost:8081\"", "\"127.0.0.1:" + userServiceActuatorPort + "\""),
				"\"localhost:8082\"", "\"127.0.0.1:" + orderServiceActuatorPort + "\"");
		Files.writeString(config, pointed);
		return config;
	}

	/**
	 * What Grafana makes of {@code $__rate_interval} for a range of a few minutes: four
	 * scrape intervals, the least that keeps enough samples in every rate window.
	 */
	@SuppressWarnings("unchecked")
	static String rateInterval() {
		try {
			Map<String, Object> config = new Yaml().load(Files.readString(Repository.file(CONFIG)));
			String scrapeInterval = (String) ((Map<String, Object>) config.get("global")).get("scrape_interval");
			return Duration.parse("PT" + scrapeInterval.toUpperCase()).multipliedBy(4).toSeconds() + "s";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String replaceOnce(String text, String target, String replacement) {
		if (text.indexOf(target) < 0 || text.indexOf(target) != text.lastIndexOf(target)) {
			throw new AssertionError(CONFIG + " should name the target " + target + " exactly once");
		}
		return text.replace(target, replacement);
	}

}
