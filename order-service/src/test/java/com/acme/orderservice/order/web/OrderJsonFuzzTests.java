package com.acme.orderservice.order.web;

import java.nio.charset.StandardCharsets;

import com.acme.grpc.error.InvalidArgumentException;
import com.acme.orderservice.order.NewOrder;
import com.code_intelligence.jazzer.junit.FuzzTest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the REST edge's JSON mapping of an order ({@code POST /api/orders}): whatever
 * the body, reading it either fails as unreadable JSON (a 400 from Spring MVC) or gives
 * an order body whose validation either accepts it or lists what is wrong (a 400 naming
 * the fields). Any other exception would be a 500, and fails the test.
 *
 * <p>
 * In a normal test run only the saved corpus replays
 * ({@code src/test/resources/.../OrderJsonFuzzTestsInputs}); to fuzz, see the README.
 */
class OrderJsonFuzzTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@FuzzTest(maxDuration = "5m")
	void everyBodyIsAnOrderOrAClearRefusal(byte[] body) {
		OrderJson.OrderBody order;
		try {
			order = JSON.readValue(new String(body, StandardCharsets.UTF_8), OrderJson.OrderBody.class);
		}
		catch (InvalidDefinitionException mappingBug) {
			throw mappingBug; // a mistake in our JSON types, not in the body: Spring MVC
								// would answer 500
		}
		catch (JacksonException unreadable) {
			return;
		}
		if (order == null) {
			return; // the JSON literal null: Spring MVC refuses a missing body
		}
		try {
			NewOrder.CheckedOrder valid = order.toNewOrder(null).check();
			assertThat(valid.totalCents()).isNotNegative();
		}
		catch (InvalidArgumentException refused) {
			assertThat(refused.getMessage()).isNotBlank();
		}
	}

}
