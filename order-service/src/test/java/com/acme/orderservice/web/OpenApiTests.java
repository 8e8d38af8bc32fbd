package com.acme.orderservice.web;

import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.acme.orderservice.support.OrderServiceWithInProcessUsers;
import com.acme.orderservice.support.RestEdge;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * static/openapi.yaml describes exactly the endpoints the application serves, and is
 * served.
 */
@OrderServiceWithInProcessUsers
class OpenApiTests {

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@LocalServerPort
	int port;

	@Test
	@SuppressWarnings("unchecked")
	void describesEveryEndpointAndNoOther() throws Exception {
		Map<String, Object> spec;
		try (InputStream yaml = getClass().getResourceAsStream("/static/openapi.yaml")) {
			spec = new Yaml().load(yaml);
		}
		Set<String> described = new TreeSet<>();
		((Map<String, Map<String, Object>>) spec.get("paths")).forEach((path, operations) -> operations.keySet()
			.stream()
			.filter((method) -> !method.equals("parameters"))
			.forEach((method) -> described.add(method.toUpperCase() + " " + path)));
		Set<String> served = new TreeSet<>();
		this.mappings.getHandlerMethods().forEach((info, handler) -> {
			if (handler.getBeanType().getPackageName().startsWith("com.acme.orderservice")) {
				info.getPatternValues()
					.forEach((path) -> info.getMethodsCondition()
						.getMethods()
						.forEach((method) -> served.add(method.name() + " " + path)));
			}
		});

		assertThat(described).isEqualTo(served);
		assertThat(new RestEdge(this.port).get("/openapi.yaml").status()).isEqualTo(200);
	}

}
