package com.acme.prometheus;

import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Gives every meter a description, which Prometheus exposes as {@code # HELP}.
 * Observation-based meters (gRPC client and server, HTTP) are registered without one, and
 * {@code promtool check metrics} rejects an exposition with metrics lacking help text.
 * Grafana shows this text too.
 */
class HelpTextMeterFilter implements MeterFilter {

	private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
			Map.entry("grpc.server", "Duration of gRPC calls served, by service, method, type and status code"),
			Map.entry("grpc.server.active", "gRPC calls being served now (in flight), by method"),
			Map.entry("grpc.server.received", "Messages received from clients on gRPC calls, by method"),
			Map.entry("grpc.server.sent", "Messages sent to clients on gRPC calls, by method"),
			Map.entry("grpc.server.cancelled", "gRPC calls that ended by client cancellation or deadline, by method"),
			Map.entry("grpc.client", "Duration of gRPC calls made to other services, by method and status code"),
			Map.entry("grpc.client.active", "gRPC calls made to other services in flight now, by method"),
			Map.entry("grpc.client.received", "Messages received from servers on gRPC calls made, by method"),
			Map.entry("grpc.client.sent", "Messages sent to servers on gRPC calls made, by method"),
			Map.entry("http.server.requests", "Duration of HTTP requests served, by URI and status"),
			Map.entry("http.server.requests.active", "HTTP requests being served now"));

	@Override
	public Meter.Id map(Meter.Id id) {
		// Synthetic meters (derived from another meter) keep their link; Prometheus does
		// not use them.
		if (id.getDescription() != null || id.syntheticAssociation() != null) {
			return id;
		}
		String description = DESCRIPTIONS.getOrDefault(id.getName(), "Micrometer meter " + id.getName());
		return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description, id.getType());
	}

}
