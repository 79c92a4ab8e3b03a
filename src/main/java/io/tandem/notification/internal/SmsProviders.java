package io.tandem.notification.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.json.JsonMapper;

/** Chooses the SMS provider by configuration. */
@Configuration(proxyBeanMethods = false)
class SmsProviders {

    @Bean
    SmsProvider smsProvider(@Value("${tandem.notifications.sms.provider:log}") String provider,
            @Value("${tandem.notifications.sms.url:}") String url,
            @Value("${tandem.notifications.sms.token:}") String token) {
        return switch (provider.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "log" -> new LogSms();
            case "http" -> {
                if (url.isBlank()) {
                    throw new IllegalStateException(
                            "tandem.notifications.sms.provider=http needs tandem.notifications.sms.url");
                }
                yield new HttpSms(URI.create(url.strip()), token.isBlank() ? null : token.strip());
            }
            default -> throw new IllegalStateException("Unknown SMS provider '" + provider
                    + "' (tandem.notifications.sms.provider: log or http)");
        };
    }

    /** Writes texts to the log instead of sending them: what a fresh installation does. */
    static final class LogSms implements SmsProvider {

        private static final Logger log = LoggerFactory.getLogger(LogSms.class);

        @Override
        public void send(String to, String text) {
            log.info("SMS to {} (log only; set tandem.notifications.sms.provider to send): {}", to, text);
        }

        @Override
        public String name() {
            return "log";
        }
    }

    /** A gateway that takes one JSON object per text, with an optional bearer token; any 2xx answer is success. */
    static final class HttpSms implements SmsProvider {

        private static final JsonMapper JSON = JsonMapper.builder().build();
        private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        private final URI url;
        private final String token;

        HttpSms(URI url, String token) {
            this.url = url;
            this.token = token;
        }

        @Override
        public void send(String to, String text) {
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("to", to, "text", text))));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response;
            try {
                response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new SmsException("SMS gateway unreachable: " + e, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SmsException("interrupted", null);
            }
            if (response.statusCode() == 429) {
                throw new SmsException("SMS gateway: too many requests (429)",
                        RobotAnswers.retryAfter(response, Duration.ofMinutes(1)));
            }
            if (response.statusCode() / 100 != 2) {
                throw new SmsException("SMS gateway answered " + response.statusCode() + ": "
                        + RobotAnswers.shorten(response.body()), null);
            }
        }

        @Override
        public String name() {
            return "http";
        }
    }
}
