package io.tandem.connectors.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every HTTP call to a CRM goes through here: the API budget governor (calls per UTC day, counted in the database so
 * that every instance counts against one budget; concurrent calls per connector and instance), a timeout, and the
 * translation of network trouble into {@link CrmCallFailure}s.
 */
@Component
public class CrmCalls {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration timeout;
    private final Map<UUID, Gate> concurrent = new ConcurrentHashMap<>();

    /** A changed limit takes effect with a new semaphore; calls holding the old one finish on it. */
    private record Gate(int size, Semaphore semaphore) {
    }

    CrmCalls(JdbcClient jdbc, Clock clock, @Value("${tandem.connectors.call-timeout:PT10S}") Duration timeout) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** An HTTP answer, read whole. */
    public record Answer(int status, Map<String, java.util.List<String>> headers, String body, long millis) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public java.util.Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }

    /**
     * Sends one request on the connector's budget.
     *
     * @throws CrmCallFailure of kind BUDGET_EXHAUSTED before sending when the day's calls are used up, TRANSIENT when
     *         the CRM could not be reached or did not answer in time
     */
    public Answer send(Connector connector, String method, String url, Map<String, String> headers, String body)
            throws CrmCallFailure {
        takeFromBudget(connector);
        Semaphore gate = concurrent.compute(connector.id(), (id, existing) -> existing != null
                && existing.size() == connector.maxConcurrentCalls() ? existing
                        : new Gate(connector.maxConcurrentCalls(), new Semaphore(connector.maxConcurrentCalls())))
                .semaphore();
        try {
            gate.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CrmCallFailure.transientFailure(0, "interrupted", null);
        }
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            headers.forEach(request::header);
            long started = System.nanoTime();
            HttpResponse<String> response = CLIENT.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.headers().map(), response.body(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (HttpTimeoutException e) {
            throw CrmCallFailure.transientFailure(0, "no answer within " + timeout.toSeconds() + " s", null);
        } catch (IOException e) {
            throw CrmCallFailure.transientFailure(0, "could not reach " + URI.create(url).getHost() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CrmCallFailure.transientFailure(0, "interrupted", null);
        } finally {
            gate.release();
        }
    }

    private void takeFromBudget(Connector connector) throws CrmCallFailure {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        boolean granted = !jdbc.sql("""
                insert into crm_call_budget (connector_id, day, calls) values (:id, :day, 1)
                on conflict (connector_id, day) do update set calls = crm_call_budget.calls + 1
                where crm_call_budget.calls < :budget
                returning calls
                """).param("id", connector.id()).param("day", today).param("budget", connector.dailyCallBudget())
                .query(Integer.class).list().isEmpty();
        if (!granted) {
            Instant midnight = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            throw new CrmCallFailure(CrmCallFailure.Kind.BUDGET_EXHAUSTED, 0,
                    "the daily budget of " + connector.dailyCallBudget() + " calls is used up",
                    Duration.between(clock.instant(), midnight), null);
        }
    }

    public int callsToday(UUID connectorId) {
        return jdbc.sql("select calls from crm_call_budget where connector_id = :id and day = :day")
                .param("id", connectorId).param("day", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))
                .query(Integer.class).optional().orElse(0);
    }

    /** Retry-After as seconds or as an HTTP date; a minute when the CRM does not say. */
    public Duration retryAfter(Answer answer) {
        return answer.header("Retry-After").map(value -> {
            try {
                return Duration.ofSeconds(Math.max(1, Long.parseLong(value.strip())));
            } catch (NumberFormatException notSeconds) {
                try {
                    Duration until = Duration.between(clock.instant(),
                            ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                    return until.isNegative() ? Duration.ofSeconds(1) : until;
                } catch (RuntimeException notADate) {
                    return Duration.ofMinutes(1);
                }
            }
        }).orElse(Duration.ofMinutes(1));
    }
}
