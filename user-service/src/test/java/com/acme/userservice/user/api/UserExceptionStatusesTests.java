package com.acme.userservice.user.api;

import java.util.List;
import java.util.UUID;

import com.acme.grpc.error.ErrorStatuses;
import com.acme.grpc.error.GrpcExceptionMapper;
import com.acme.userservice.user.EmailAlreadyTakenException;
import com.acme.userservice.user.ImportAbortedException;
import com.acme.userservice.user.ImportLimitExceededException;
import com.acme.userservice.user.UserNotFoundException;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusException;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.CannotGetJdbcConnectionException;

import static com.acme.userservice.support.StatusAssertions.detail;
import static org.assertj.core.api.Assertions.assertThat;

class UserExceptionStatusesTests {

	private final GrpcExceptionMapper mapper = new GrpcExceptionMapper(
			new ErrorStatuses("users.acme.example", List.of(new UserExceptionStatuses())));

	@Test
	void domainErrorsMapToTheirCodesWithAStableReasonInOurDomain() throws Exception {
		assertMapped(new UserNotFoundException(UUID.randomUUID()), Status.Code.NOT_FOUND, "USER_NOT_FOUND");
		assertMapped(new EmailAlreadyTakenException("a@b.co"), Status.Code.ALREADY_EXISTS, "EMAIL_ALREADY_TAKEN");
		StatusException status = assertMapped(new ImportLimitExceededException(10), Status.Code.RESOURCE_EXHAUSTED,
				"IMPORT_LIMIT_EXCEEDED");
		assertThat(detail(status, ErrorInfo.class).getDomain()).isEqualTo("users.acme.example");
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

	private StatusException assertMapped(Throwable failure, Status.Code code, String reason) throws Exception {
		StatusException status = this.mapper.handleException(failure);
		assertThat(status.getStatus().getCode()).as(failure.toString()).isEqualTo(code);
		assertThat(detail(status, ErrorInfo.class).getReason()).isEqualTo(reason);
		return status;
	}

}
