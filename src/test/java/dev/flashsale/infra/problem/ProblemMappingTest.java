package dev.flashsale.infra.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisLoadingException;

class ProblemMappingTest {

    @Test
    void backingStoreTroubleIsARetryable503NotA500() {
        for (Exception e : new Exception[] {new RedisCommandTimeoutException("Command timed out after 2 second(s)"),
                new DataAccessResourceFailureException("Failed to obtain R2DBC Connection"),
                new java.io.IOException("recvAddress(..) failed: Connection reset by peer"),
                new java.util.concurrent.CancellationException()}) {
            ResponseEntity<ProblemDetail> answer = ProblemMapping.toResponse(e);
            assertThat(answer.getStatusCode().value()).isEqualTo(503);
            assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
            assertThat(answer.getBody().getType().toString()).endsWith("/service-unavailable");
        }
    }

    @Test
    void redisRefusingForItsStateIsARetryable503AndAScriptErrorStaysA500() {
        for (Exception e : new Exception[] {new RedisLoadingException("LOADING Redis is loading the dataset in memory"),
                new RedisBusyException("BUSY Redis is busy running a script."),
                new RedisCommandExecutionException("OOM command not allowed when used memory > 'maxmemory'."),
                new RedisCommandExecutionException("ERR Error running script (call to f_1): @user_script:60: "
                        + "@user_script: 60: -READONLY You can't write against a read only replica."),
                new RedisSystemException("Error in execution", new RedisCommandExecutionException("MASTERDOWN Link with MASTER is down"))}) {
            ResponseEntity<ProblemDetail> answer = ProblemMapping.toResponse(e);
            assertThat(answer.getStatusCode().value()).as(e.getMessage()).isEqualTo(503);
            assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        }
        assertThat(ProblemMapping.toResponse(new RedisCommandExecutionException(
                "ERR Error running script (call to f_1): @user_script:3: attempt to compare nil with number")).getStatusCode().value())
                .isEqualTo(500);
    }

    @Test
    void apiExceptionsThatMayBeRetriedCarryRetryAfterInWholeSeconds() {
        ResponseEntity<ProblemDetail> answer = ProblemMapping.toResponse(ApiException.retryLater(ProblemType.RATE_LIMITED, "slow down", java.time.Duration.ofSeconds(7)));
        assertThat(answer.getStatusCode().value()).isEqualTo(429);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("7");
        assertThat(answer.getBody().getType().toString()).endsWith("/rate-limited");
        assertThat(ProblemMapping.toResponse(new ApiException(ProblemType.SOLD_OUT, "gone")).getHeaders().containsHeader("Retry-After"))
                .isFalse();
    }

    @Test
    void apiExceptionsKeepTheirTypeStatusAndProperties() {
        ResponseEntity<ProblemDetail> answer = ProblemMapping.toResponse(new ApiException(ProblemType.SOLD_OUT, "gone",
                java.util.Map.of("available", 0)));
        assertThat(answer.getStatusCode().value()).isEqualTo(409);
        assertThat(answer.getBody().getType().toString()).isEqualTo("https://flashsale.dev/problems/sold-out");
        assertThat(answer.getBody().getProperties()).containsEntry("available", 0);
    }

    @Test
    void retryableRefusalsCarryRetryAfterInWholeSecondsRoundedUp() {
        ResponseEntity<ProblemDetail> answer = ProblemMapping.toResponse(ApiException.retryLater(ProblemType.RATE_LIMITED,
                "slow down", java.time.Duration.ofMillis(1_200)));
        assertThat(answer.getStatusCode().value()).isEqualTo(429);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("2");
        assertThat(answer.getBody().getType().toString()).endsWith("/rate-limited");
    }
}
