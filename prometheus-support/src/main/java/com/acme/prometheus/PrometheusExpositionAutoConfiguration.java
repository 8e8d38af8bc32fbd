package com.acme.prometheus;

import java.lang.management.ManagementFactory;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Keeps {@code /actuator/prometheus} valid for {@code promtool check metrics}, so the
 * same lint Prometheus users run passes on what we expose. Meters whose names break
 * Prometheus naming (units like {@code _ms}/{@code _ns}, a gauge ending in
 * {@code _count}) are switched off in each service's application.yml
 * ({@code management.metrics.enable}); the one worth keeping is replaced here.
 */
@AutoConfiguration
public class PrometheusExpositionAutoConfiguration {

	@Bean
	MeterFilter helpTextMeterFilter() {
		return new HelpTextMeterFilter();
	}

	/**
	 * Process CPU time as Prometheus names it everywhere
	 * ({@code process_cpu_seconds_total}), replacing Micrometer's
	 * {@code process_cpu_time_ns_total}. CPU per call, the figure our performance work
	 * tracks, is its rate divided by the call rate.
	 */
	@Bean
	MeterBinder processCpuSeconds() {
		return (registry) -> {
			if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
				FunctionCounter.builder("process.cpu", os, (bean) -> bean.getProcessCpuTime() / 1e9)
					.baseUnit("seconds")
					.description("Total user and system CPU time spent by the JVM process, in seconds")
					.register(registry);
			}
		};
	}

}
