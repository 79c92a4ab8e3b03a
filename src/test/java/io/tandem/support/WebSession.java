package io.tandem.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A person in a browser without the browser: a session cookie, the CSRF token of the last page, form posts. */
public final class WebSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" (?:content|value)=\"([^\"]+)\"|<meta name=\"_csrf\" content=\"([^\"]+)\"");

    private final String baseUrl;
    private final HttpClient client;
    private String csrf;

    public WebSession(int port, String acceptLanguage) {
        this.baseUrl = "http://localhost:" + port;
        this.client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        this.language = acceptLanguage;
    }

    private final String language;

    public static WebSession signedIn(int port, String username, String password) {
        WebSession session = new WebSession(port, "en");
        Page login = session.get("/login");
        Page result = session.post("/login", Map.of("username", username, "password", password));
        if (result.status() != 302 || result.location() == null || result.location().contains("error")) {
            throw new IllegalStateException("Login of " + username + " failed: " + result.status() + " "
                    + result.location() + " " + login.status());
        }
        return session;
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    public Page post(String path, Map<String, String> form) {
        return postWithToken(path, form, csrf);
    }

    /** A form post with fields that repeat, as a group of checkboxes sends them. */
    public Page postMulti(String path, Map<String, java.util.List<String>> form) {
        java.util.List<String> pairs = new java.util.ArrayList<>();
        form.forEach((name, values) -> values.forEach(value -> pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
        if (csrf != null) {
            pairs.add("_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8));
        }
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs))));
    }

    public Page postWithToken(String path, Map<String, String> form, String token) {
        Map<String, String> fields = new LinkedHashMap<>(form);
        if (token != null) {
            fields.put("_csrf", token);
        }
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Uploads one file as a browser form would, with the CSRF token of the last page. */
    public Page upload(String path, String field, String fileName, byte[] content) {
        return upload(path, Map.of(), field, fileName, content);
    }

    /** Uploads one file with other form fields, as a browser form would. */
    public Page upload(String path, Map<String, String> fields, String field, String fileName, byte[] content) {
        String boundary = "----tandem" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        StringBuilder parts = new StringBuilder();
        fields.forEach((name, value) -> parts.append("--").append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n").append(value)
                .append("\r\n"));
        String head = parts + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf
                + "\r\n" + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private Page send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = client.send(builder.header("Accept-Language", language)
                    .header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher matcher = CSRF.matcher(response.body());
            if (matcher.find()) {
                csrf = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            }
            return new Page(response.statusCode(), response.body(),
                    response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Page(int status, String body, String location) {
    }
}
