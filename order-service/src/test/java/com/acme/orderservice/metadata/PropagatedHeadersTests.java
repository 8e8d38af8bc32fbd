package com.acme.orderservice.metadata;

import java.util.List;
import java.util.Map;

import com.acme.testsupport.ids.RandomUuid;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

class PropagatedHeadersTests {

	private static final List<String> NAMES = new PropagationProperties(List.of("X-Tenant-Id")).headers();

	@Test
	void requestIdIsAlwaysPropagatedAndNamesAreLowerCase() {
		assertThat(NAMES).containsExactly("x-request-id", "x-tenant-id");
	}

	@Test
	void keepsSafeValuesAndGeneratesAMissingRequestId() {
		PropagatedHeaders headers = PropagatedHeaders.capture(NAMES,
				Map.of("x-tenant-id", "acme-eu", "x-other", "ignored")::get);

		assertThat(headers.values()).containsOnlyKeys("x-request-id", "x-tenant-id")
			.containsEntry("x-tenant-id", "acme-eu");
		assertThat(headers.requestId()).matches(RandomUuid.CANONICAL);
	}

	@Test
	void replacesAnUnsafeRequestIdAndDropsOtherUnsafeValues() {
		PropagatedHeaders headers = PropagatedHeaders.capture(NAMES,
				Map.of("x-request-id", "abc\r\nX-Injected: 1", "x-tenant-id", "a b")::get);

		assertThat(headers.requestId()).doesNotContain("\n", "Injected");
		assertThat(headers.values()).doesNotContainKey("x-tenant-id");
	}

	@Test
	void putsHeadersInTheMdcUnderCamelCaseKeysAndRestoresIt() {
		PropagatedHeaders headers = PropagatedHeaders.capture(NAMES,
				Map.of("x-request-id", "req-1", "x-tenant-id", "acme-eu")::get);
		MDC.put("tenantId", "outer");
		try (PropagatedHeaders.MdcScope scope = headers.putInMdc()) {
			assertThat(MDC.get("requestId")).isEqualTo("req-1");
			assertThat(MDC.get("tenantId")).isEqualTo("acme-eu");
		}
		assertThat(MDC.get("requestId")).isNull();
		assertThat(MDC.get("tenantId")).isEqualTo("outer");
		MDC.clear();
	}

}
