package io.tandem.notification.internal;

import java.net.http.HttpResponse;
import java.time.Duration;

/** What a platform answered to one message. */
sealed interface RobotAnswers {

    record Delivered() implements RobotAnswers {
    }

    /** Too many messages: the robot takes none for {@code pause}; nothing is lost, it is sent after that. */
    record RateLimited(Duration pause, String error) implements RobotAnswers {
    }

    /** Refused or unreachable: retried like any failed delivery. */
    record Failed(String error) implements RobotAnswers {
    }

    /** The pause an answer asks for in its Retry-After header (seconds), else {@code otherwise}. */
    static Duration retryAfter(HttpResponse<?> response, Duration otherwise) {
        return response.headers().firstValue("Retry-After").map(String::strip).filter(v -> v.matches("\\d{1,6}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(otherwise);
    }

    static String shorten(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }
}
