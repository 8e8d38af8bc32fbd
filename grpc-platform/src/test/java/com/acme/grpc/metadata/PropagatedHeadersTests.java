package com.acme.grpc.metadata;

import java.util.List;
import java.util.Map;

import com.acme.testsupport.ids.RandomUuid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PropagatedHeadersTests {

	private static final MetadataProperties PROPERTIES = new MetadataProperties(List.of(" X-Tenant-Id "));

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void requestIdIsAlwaysPropagatedAndNamesAreLowerCase() {
		assertThat(PROPERTIES.headers()).containsExactly("x-request-id", "x-tenant-id");
		assertThat(PROPERTIES.propagatedHeaders()).extracting(PropagatedHeader::mdcKey)
			.containsExactly("requestId", "tenantId");
	}

	@Test
	void keepsSafeValuesAndGeneratesAMissingRequestId() {
		PropagatedHeaders headers = capture(Map.of("x-tenant-id", "acme-eu", "x-other", "ignored"));

		assertThat(headers.values()).containsOnlyKeys("x-request-id", "x-tenant-id")
			.containsEntry("x-tenant-id", "acme-eu");
		assertThat(headers.requestId()).matches(RandomUuid.CANONICAL);
	}

	@Test
	void replacesAnUnsafeRequestIdAndDropsOtherUnsafeValues() {
		PropagatedHeaders headers = capture(Map.of("x-request-id", "abc\r\nX-Injected: 1", "x-tenant-id", "a b"));

		assertThat(headers.requestId()).matches(RandomUuid.CANONICAL);
		assertThat(headers.values()).doesNotContainKey("x-tenant-id");
	}

	@Test
	void putsHeadersInTheMdcUnderCamelCaseKeysAndRestoresIt() {
		PropagatedHeaders headers = capture(Map.of("x-request-id", "req-1", "x-tenant-id", "acme-eu"));
		MDC.put("tenantId", "outer");
		try (MdcScope scope = headers.putInMdc()) {
			assertThat(MDC.get("requestId")).isEqualTo("req-1");
			assertThat(MDC.get("tenantId")).isEqualTo("acme-eu");
		}
		assertThat(MDC.get("requestId")).isNull();
		assertThat(MDC.get("tenantId")).isEqualTo("outer");
	}

	@Test
	void outsideARequestThereAreNoHeaders() {
		assertThat(PropagatedHeaders.current().values()).isEmpty();
		assertThat(PropagatedHeaders.currentRequestId()).isNull();
	}

	@Test
	void binaryHeadersCannotBeConfigured() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MetadataProperties(List.of("x-trace-bin")))
			.withMessageContaining("x-trace-bin");
	}

	private static PropagatedHeaders capture(Map<String, String> incoming) {
		return PropagatedHeaders.capture(PROPERTIES.propagatedHeaders(), (header) -> incoming.get(header.name()));
	}

}
