package com.acme.orderservice.deadline;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RequestTimeoutTests {

	private static final Duration DEFAULT = Duration.ofSeconds(5);

	private static final Duration MAX = Duration.ofSeconds(30);

	@ParameterizedTest
	@CsvSource({ "300ms, PT0.3S", "2s, PT2S", "1m, PT30S", "250, PT0.25S", "' 40ms ', PT0.04S", "45s, PT30S",
			"999999999, PT30S" })
	void readsDurationsAndCapsThemToTheMaximum(String header, Duration expected) {
		assertThat(RequestTimeout.budget(header, DEFAULT, MAX)).isEqualTo(expected);
	}

	@Test
	void absentOrBlankHeaderGetsTheDefault() {
		assertThat(RequestTimeout.budget(null, DEFAULT, MAX)).isEqualTo(DEFAULT);
		assertThat(RequestTimeout.budget("  ", DEFAULT, MAX)).isEqualTo(DEFAULT);
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "0ms", "-5", "1.5s", "2h", "abc", "5 s", "1000000000", "2s\r\nX-Evil: 1" })
	void refusesWhatIsNotAPositiveDuration(String header) {
		assertThatExceptionOfType(InvalidRequestTimeoutException.class)
			.isThrownBy(() -> RequestTimeout.budget(header, DEFAULT, MAX))
			.satisfies((ex) -> assertThat(ex.getViolations().get(0).description()).doesNotContain("\r", "\n"));
	}

}
