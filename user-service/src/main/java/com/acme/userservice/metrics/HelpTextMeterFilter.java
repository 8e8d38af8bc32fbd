package com.acme.userservice.metrics;

import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Gives every meter a description, which Prometheus exposes as {@code # HELP}. Observation-based
 * meters (gRPC, HTTP) are registered without one, and {@code promtool check metrics} rejects an
 * exposition with metrics lacking help text. Dashboards also show this text on hover.
 */
class HelpTextMeterFilter implements MeterFilter {

	private static final Map<String, String> DESCRIPTIONS = Map.of(
			"grpc.server", "Duration of gRPC calls served, by service, method, type and status code",
			"grpc.server.active", "gRPC calls being served now (in flight), by method",
			"grpc.server.received", "Messages received from clients on gRPC calls, by method",
			"grpc.server.sent", "Messages sent to clients on gRPC calls, by method",
			"grpc.server.cancelled", "gRPC calls that ended by client cancellation or deadline, by method",
			"http.server.requests", "Duration of HTTP requests served (Actuator), by URI and status",
			"http.server.requests.active", "HTTP requests being served now (Actuator)");

	@Override
	public Meter.Id map(Meter.Id id) {
		// Synthetic meters (derived from another meter) keep their link; Prometheus does not use them.
		if (id.getDescription() != null || id.syntheticAssociation() != null) {
			return id;
		}
		String description = DESCRIPTIONS.getOrDefault(id.getName(), "Micrometer meter " + id.getName());
		return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description,
				id.getType());
	}

}
