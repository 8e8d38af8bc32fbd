package com.acme.userservice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.acme.order.v1.OrderServiceGrpc;
import com.acme.user.v1.UserServiceGrpc;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grpcurl examples in the README must keep working as the contract evolves: each
 * names a method that exists, and each {@code -d} payload parses into that method's
 * request type with protobuf's JSON mapping, which is what grpcurl uses.
 */
class ReadmeTests {

	private static final Path README = Path.of("..", "README.md");

	private static final Pattern GRPCURL_CALL = Pattern
		.compile("grpcurl .*?-d '(.*)' localhost:909[01] ([\\w.]+)/(\\w+)");

	private static final List<ServiceDescriptor> SERVICES = List.of(UserServiceGrpc.getServiceDescriptor(),
			OrderServiceGrpc.getServiceDescriptor(), HealthGrpc.getServiceDescriptor());

	@Test
	void everyGrpcurlExampleSendsAValidRequestToAnExistingMethod() throws IOException {
		List<String> checked = new ArrayList<>();
		for (String line : Files.readAllLines(README)) {
			// The shell splices $USER_ID into the JSON as '{"id": "'"$USER_ID"'"}'.
			Matcher call = GRPCURL_CALL.matcher(line.replace("'\"$USER_ID\"'", UUID.randomUUID().toString())
				.replace("'\"$BUYER\"'", UUID.randomUUID().toString()));
			if (!call.find()) {
				continue;
			}
			MethodDescriptor<?, ?> method = method(call.group(2), call.group(3));
			Message prototype = (Message) ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller())
				.getMessagePrototype();
			for (String json : jsonObjects(call.group(1))) {
				JsonFormat.parser().merge(json, prototype.newBuilderForType());
			}
			checked.add(method.getFullMethodName());
		}

		assertThat(checked).contains("acme.user.v1.UserService/CreateUser", "acme.user.v1.UserService/GetUser",
				"acme.user.v1.UserService/UpdateUserStatus", "acme.user.v1.UserService/ListUsers",
				"acme.user.v1.UserService/ImportUsers", "acme.user.v1.UserService/ValidateUsers",
				"grpc.health.v1.Health/Check", "acme.order.v1.OrderService/ListOrders");
	}

	private static MethodDescriptor<?, ?> method(String service, String name) {
		return SERVICES.stream()
			.filter((descriptor) -> descriptor.getName().equals(service))
			.flatMap((descriptor) -> descriptor.getMethods().stream())
			.filter((method) -> method.getBareMethodName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("README calls " + service + "/" + name + ", which does not exist"));
	}

	/**
	 * Splits grpcurl's stream syntax, several JSON objects in a row, into single objects.
	 */
	private static List<String> jsonObjects(String data) {
		List<String> objects = new ArrayList<>();
		int depth = 0;
		int start = 0;
		for (int i = 0; i < data.length(); i++) {
			char c = data.charAt(i);
			if (c == '{' && depth++ == 0) {
				start = i;
			}
			else if (c == '}' && --depth == 0) {
				objects.add(data.substring(start, i + 1));
			}
		}
		return objects;
	}

}
