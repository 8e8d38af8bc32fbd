package com.acme.orderservice.order;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.acme.grpc.error.FieldViolation;
import com.acme.grpc.error.InvalidArgumentException;

/**
 * Where a page of orders ends: the (create_time, id) of its last order, opaque to clients
 * (AIP-158). Keyset, not offset, so pages stay correct while orders are added.
 */
record PageToken(Instant createTime, UUID id) {

	static PageToken after(Order order) {
		return new PageToken(order.createTime(), order.id());
	}

	String encode() {
		long micros = this.createTime.getEpochSecond() * 1_000_000 + this.createTime.getNano() / 1_000;
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((micros + ":" + this.id).getBytes(StandardCharsets.US_ASCII));
	}

	static PageToken decode(String token) {
		try {
			String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII).split(":", 2);
			long micros = Long.parseLong(parts[0]);
			return new PageToken(
					Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L),
					UUID.fromString(parts[1]));
		}
		catch (RuntimeException ex) {
			throw new InvalidArgumentException("page_token is not a token this service returned",
					List.of(new FieldViolation("page_token", "pass next_page_token from the previous page unchanged")));
		}
	}

}
