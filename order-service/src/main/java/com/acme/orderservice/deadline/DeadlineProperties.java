package com.acme.orderservice.deadline;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * The time budget of an HTTP request ({@code acme.deadline.*}).
 *
 * @param defaultBudget the budget of a request without {@code X-Request-Timeout}
 * @param max the most a client may ask for; longer requests are capped to it
 */
@ConfigurationProperties("acme.deadline")
public record DeadlineProperties(@Name("default") @DefaultValue("5s") Duration defaultBudget,
		@DefaultValue("30s") Duration max) {

	public DeadlineProperties {
		if (defaultBudget.compareTo(max) > 0) {
			throw new IllegalArgumentException("acme.deadline.default (" + defaultBudget
					+ ") must not be longer than acme.deadline.max (" + max + ")");
		}
	}

}
