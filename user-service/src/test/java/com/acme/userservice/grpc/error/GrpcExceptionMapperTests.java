package com.acme.userservice.grpc.error;

import java.sql.SQLTransientConnectionException;
import java.util.UUID;

import com.acme.userservice.user.EmailAlreadyTakenException;
import com.acme.userservice.user.ImportAbortedException;
import com.acme.userservice.user.ImportLimitExceededException;
import com.acme.userservice.user.InvalidArgumentException;
import com.acme.userservice.user.UserNotFoundException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import static com.acme.userservice.support.StatusAssertions.detail;
import static org.assertj.core.api.Assertions.assertThat;

class GrpcExceptionMapperTests {

	private final GrpcExceptionMapper mapper = new GrpcExceptionMapper();

	@Test
	void invalidArgumentCarriesEveryFieldViolation() throws Exception {
		StatusException status = this.mapper.handleException(new InvalidArgumentException(
				java.util.List.of(new com.acme.userservice.user.FieldViolation("email", "email is required"),
						new com.acme.userservice.user.FieldViolation("display_name", "display_name is required"))));

		assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(detail(status, BadRequest.class).getFieldViolationsCount()).isEqualTo(2);
		assertThat(detail(status, ErrorInfo.class).getDomain()).isEqualTo(GrpcExceptionMapper.ERROR_DOMAIN);
	}

	@Test
	void domainErrorsMapToTheirCodesWithAStableReason() throws Exception {
		assertMapped(new UserNotFoundException(UUID.randomUUID()), Status.Code.NOT_FOUND, "USER_NOT_FOUND");
		assertMapped(new EmailAlreadyTakenException("a@b.co"), Status.Code.ALREADY_EXISTS, "EMAIL_ALREADY_TAKEN");
		assertMapped(new ImportLimitExceededException(10), Status.Code.RESOURCE_EXHAUSTED, "IMPORT_LIMIT_EXCEEDED");
	}

	@Test
	void everyWayTheDatabaseCanBeUnreachableIsUnavailableWithRetryInfo() throws Exception {
		for (Throwable failure : new Throwable[] { new CannotGetJdbcConnectionException("no connection"),
				new CannotCreateTransactionException("no transaction"), new QueryTimeoutException("slow"),
				new IllegalStateException("wrapped", new SQLTransientConnectionException("pool timeout")) }) {
			StatusException status = assertMapped(failure, Status.Code.UNAVAILABLE, "DATABASE_UNAVAILABLE");
			assertThat(detail(status, RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(1);
			assertThat(status.getStatus().getDescription()).doesNotContain(failure.getMessage());
		}
	}

	@Test
	void anAbortedImportKeepsTheCodeOfWhatStoppedItAndSaysHowFarItGot() throws Exception {
		StatusException status = assertMapped(
				new ImportAbortedException(7, 5, new CannotGetJdbcConnectionException("no connection")),
				Status.Code.UNAVAILABLE, "DATABASE_UNAVAILABLE");

		assertThat(detail(status, ErrorInfo.class).getMetadataMap()).containsEntry("created_count", "5")
			.containsEntry("failed_index", "7");
		assertThat(status.getStatus().getDescription()).contains("import stopped at item 7 with 5 users created");
		assertThat(detail(status, RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(1);
	}

	@Test
	void anythingUnexpectedIsInternalAndRevealsNothing() throws Exception {
		StatusException status = assertMapped(new NullPointerException("secret detail at Foo.java:42"),
				Status.Code.INTERNAL, "INTERNAL");

		assertThat(status.getStatus().getDescription()).isEqualTo("internal error");
		assertThat(status.getStatus().getCause()).isNull();
	}

	@Test
	void statusExceptionsPassThroughUnchanged() {
		StatusException status = this.mapper
			.handleException(Status.PERMISSION_DENIED.withDescription("no").asRuntimeException());

		assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(status.getStatus().getDescription()).isEqualTo("no");
	}

	private StatusException assertMapped(Throwable failure, Status.Code code, String reason) throws Exception {
		StatusException status = this.mapper.handleException(failure);
		assertThat(status.getStatus().getCode()).as(failure.toString()).isEqualTo(code);
		assertThat(detail(status, ErrorInfo.class).getReason()).isEqualTo(reason);
		return status;
	}

}
