package io.tandem.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;

/**
 * A local HTTP server that stands in for WeCom, DingTalk, Feishu, Slack or an SMS gateway: it records every request
 * with the test clock's time and answers as told — scripted answers first, then the default for the path.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as the platform would see it. */
    public record Request(String path, String rawQuery, Map<String, List<String>> headers, String body, Instant at) {

        public JsonNode json() {
            return Api.JSON.readTree(body);
        }

        /** A query parameter, URL-decoded. */
        public String query(String name) {
            if (rawQuery == null) {
                return null;
            }
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(name)) {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** What the receiver answers. */
    public record Answer(int status, String body, Map<String, String> headers) {

        public static Answer of(int status, String body) {
            return new Answer(status, body, Map.of());
        }
    }

    private final HttpServer server;
    private final Clock clock;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Answer> scripted = new ConcurrentLinkedDeque<>();
    private final Function<Request, Answer> defaults;

    private WebhookReceiver(int port, Clock clock, Function<Request, Answer> defaults) throws IOException {
        this.clock = clock;
        this.defaults = defaults;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A receiver on a free port; {@code defaults} answers whatever no scripted answer covers. */
    public static WebhookReceiver start(Clock clock, Function<Request, Answer> defaults) {
        return start(0, clock, defaults);
    }

    public static WebhookReceiver start(int port, Clock clock, Function<Request, Answer> defaults) {
        try {
            return new WebhookReceiver(port, clock, defaults);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answers to the next requests, in order, before the defaults apply again. */
    public void answerNext(Answer... answers) {
        scripted.addAll(List.of(answers));
    }

    public String url(String pathAndQuery) {
        return "http://localhost:" + server.getAddress().getPort() + pathAndQuery;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String pathPrefix) {
        List<Request> matching = new ArrayList<>();
        requests.stream().filter(r -> r.path().startsWith(pathPrefix)).forEach(matching::add);
        return matching;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(),
                Map.copyOf(exchange.getRequestHeaders()), body, clock.instant());
        requests.add(request);
        Answer answer = scripted.poll();
        if (answer == null) {
            answer = defaults.apply(request);
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().add("Content-Type",
                answer.body().startsWith("{") ? "application/json; charset=utf-8" : "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
