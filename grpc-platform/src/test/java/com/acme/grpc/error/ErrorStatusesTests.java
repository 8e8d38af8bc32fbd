package com.acme.grpc.error;

import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorStatusesTests {

	private static final String DOMAIN = "things.example";

	private final GrpcExceptionMapper mapper = new GrpcExceptionMapper(new ErrorStatuses(DOMAIN,
			List.of((exception,
					statuses) -> (exception instanceof IllegalStateException && "domain".equals(exception.getMessage()))
							? statuses.error(Code.FAILED_PRECONDITION, "a domain rule", "DOMAIN_RULE") : null,
					new SecurityExceptionStatuses())));

	@Test
	void invalidArgumentCarriesEveryFieldViolationInTheServicesDomain() {
		StatusException status = this.mapper
			.handleException(new InvalidArgumentException(List.of(new FieldViolation("email", "email is required"),
					new FieldViolation("display_name", "display_name is required"))));

		assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(detail(status, BadRequest.class).getFieldViolationsList()).extracting("field")
			.containsExactly("email", "display_name");
		assertThat(detail(status, ErrorInfo.class).getDomain()).isEqualTo(DOMAIN);
		assertThat(status.getStatus().getDescription())
			.isEqualTo("email: email is required; display_name: display_name is required");
	}

	@Test
	void anUnreadableRequestIsInvalidArgumentNotGrpcJavasOwnInternal() {
		// What grpc-java's marshaller throws for bytes that are not the message.
		Exception parseFailure = Status.INTERNAL.withDescription("Invalid protobuf byte sequence")
			.withCause(new IllegalArgumentException("Protocol message contained an invalid tag (zero)."))
			.asRuntimeException();

		StatusException status = assertMapped(new MalformedRequestException("acme.v1.ThingRequest", parseFailure),
				Status.Code.INVALID_ARGUMENT, "MALFORMED_REQUEST");

		assertThat(status.getStatus().getDescription()).isEqualTo(
				"request is not a valid acme.v1.ThingRequest: Protocol message contained an invalid tag (zero).");
	}

	@Test
	void theServicesResolversDecideForTheirOwnExceptions() {
		assertMapped(new IllegalStateException("domain"), Status.Code.FAILED_PRECONDITION, "DOMAIN_RULE");
	}

	@Test
	void everyWayTheDatabaseCanBeUnreachableIsUnavailableWithRetryInfo() {
		for (Throwable failure : new Throwable[] { new CannotGetJdbcConnectionException("no connection"),
				new CannotCreateTransactionException("no transaction"), new QueryTimeoutException("slow"),
				new IllegalStateException("wrapped", new SQLTransientConnectionException("pool timeout")) }) {
			StatusException status = assertMapped(failure, Status.Code.UNAVAILABLE, "DATABASE_UNAVAILABLE");
			assertThat(detail(status, RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(1);
			assertThat(status.getStatus().getDescription()).doesNotContain(failure.getMessage());
		}
	}

	@Test
	void aDatabaseFailureAfterTheCallsDeadlineIsDeadlineExceededNotAnOutage() throws Exception {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
		Context.CancellableContext expired = Context.current()
			.withDeadline(Deadline.after(-1, TimeUnit.SECONDS), scheduler);
		try {
			StatusException status = expired
				.call(() -> this.mapper.handleException(new QueryTimeoutException("statement ended at the deadline")));
			assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
			assertThat(detail(status, RetryInfo.class)).isNull();
		}
		finally {
			expired.cancel(null);
			scheduler.shutdownNow();
		}
	}

	@Test
	void aStatusFromAnotherServiceFoundAmongTheCausesIsKeptWithItsDetails() {
		StatusException upstream = new ErrorStatuses("users.example", List.of())
			.error(Code.NOT_FOUND, "no such user", "USER_NOT_FOUND")
			.toException();

		StatusException status = this.mapper.handleException(new IllegalStateException("wrapped", upstream));

		assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
		assertThat(detail(status, ErrorInfo.class).getDomain()).isEqualTo("users.example");
	}

	@Test
	void statusExceptionsPassThroughUnchanged() {
		StatusException status = this.mapper
			.handleException(Status.PERMISSION_DENIED.withDescription("no").asRuntimeException());

		assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(status.getStatus().getDescription()).isEqualTo("no");
	}

	@Test
	void refusedCallersAreUnauthenticatedOrPermissionDenied() {
		assertMapped(new BadCredentialsException("expired"), Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED");
		assertMapped(new AccessDeniedException("no role"), Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED");
	}

	@Test
	void anythingUnexpectedIsInternalAndRevealsNothing() {
		StatusException status = assertMapped(new NullPointerException("secret detail at Foo.java:42"),
				Status.Code.INTERNAL, "INTERNAL");

		assertThat(status.getStatus().getDescription()).isEqualTo("internal error");
		assertThat(status.getStatus().getCause()).isNull();
	}

	private StatusException assertMapped(Throwable failure, Status.Code code, String reason) {
		StatusException status = this.mapper.handleException(failure);
		assertThat(status.getStatus().getCode()).as(failure.toString()).isEqualTo(code);
		assertThat(detail(status, ErrorInfo.class).getReason()).isEqualTo(reason);
		return status;
	}

	private static <T extends Message> T detail(StatusException status, Class<T> type) {
		return ErrorStatus.detail(StatusProto.fromThrowable(status), type);
	}

}
