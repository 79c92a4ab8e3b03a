package io.tandem.notification.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each platform's message format, signature and answers, as their documentation for custom group robots describes
 * them. A message is a title and the entries it combines; {@link #maxBytes} keeps it within the platform's size limit
 * (WeCom: markdown content up to 4096 bytes).
 */
final class RobotPlatforms {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RobotPlatforms() {
    }

    /** The address and body of one message, and how to read the answer. */
    interface Platform {

        URI uri(RobotChannel channel, Instant now);

        String body(RobotChannel channel, String title, List<RobotEntry> entries, Instant now);

        /** The largest body the platform takes, in UTF-8 bytes. */
        int maxBytes();

        RobotAnswers answer(HttpResponse<String> response);
    }

    static Platform of(RobotKind kind) {
        return switch (kind) {
            case WECOM -> WECOM;
            case DINGTALK -> DINGTALK;
            case FEISHU -> FEISHU;
            case SLACK -> SLACK;
        };
    }

    /**
     * WeCom (企业微信) group robot: {@code {"msgtype":"markdown","markdown":{"content":…}}}; {@code errcode} 0 is
     * success, 45009 means the robot exceeded its 20 messages a minute.
     */
    static final Platform WECOM = new Platform() {

        @Override
        public URI uri(RobotChannel channel, Instant now) {
            return URI.create(channel.webhookUrl());
        }

        @Override
        public String body(RobotChannel channel, String title, List<RobotEntry> entries, Instant now) {
            StringBuilder content = new StringBuilder("**").append(title).append("**");
            for (RobotEntry entry : entries) {
                content.append("\n\n**").append(entry.headline()).append("**");
                entry.fields().forEach(f -> content.append("\n> ").append(f.label()).append(": ").append(f.value()));
                content.append("\n> [").append(entry.linkLabel()).append("](").append(entry.url()).append(')');
            }
            ObjectNode body = JSON.createObjectNode().put("msgtype", "markdown");
            body.putObject("markdown").put("content", content.toString());
            return JSON.writeValueAsString(body);
        }

        @Override
        public int maxBytes() {
            return 4000;
        }

        @Override
        public RobotAnswers answer(HttpResponse<String> response) {
            return errcode(response, 45009, Duration.ofMinutes(1));
        }
    };

    /**
     * DingTalk (钉钉) custom robot with 加签: {@code timestamp} (ms) and {@code sign} =
     * urlencode(base64(HmacSHA256(secret, timestamp + "\n" + secret))) in the query; markdown with title and text.
     * {@code errcode} 130101: more than 20 messages a minute, the robot is shut for 10 minutes.
     */
    static final Platform DINGTALK = new Platform() {

        @Override
        public URI uri(RobotChannel channel, Instant now) {
            if (!channel.hasSecret()) {
                return URI.create(channel.webhookUrl());
            }
            String timestamp = Long.toString(now.toEpochMilli());
            String sign = hmacBase64(channel.secret(), timestamp + "\n" + channel.secret());
            String separator = channel.webhookUrl().contains("?") ? "&" : "?";
            return URI.create(channel.webhookUrl() + separator + "timestamp=" + timestamp + "&sign="
                    + URLEncoder.encode(sign, StandardCharsets.UTF_8));
        }

        @Override
        public String body(RobotChannel channel, String title, List<RobotEntry> entries, Instant now) {
            // DingTalk's markdown breaks lines only at blank lines.
            StringBuilder text = new StringBuilder("#### ").append(title);
            for (RobotEntry entry : entries) {
                text.append("\n\n**").append(entry.headline()).append("**");
                entry.fields().forEach(f -> text.append("\n\n> ").append(f.label()).append(": ").append(f.value()));
                text.append("\n\n> [").append(entry.linkLabel()).append("](").append(entry.url()).append(')');
            }
            ObjectNode body = JSON.createObjectNode().put("msgtype", "markdown");
            body.putObject("markdown").put("title", title).put("text", text.toString());
            return JSON.writeValueAsString(body);
        }

        @Override
        public int maxBytes() {
            return 8000;
        }

        @Override
        public RobotAnswers answer(HttpResponse<String> response) {
            return errcode(response, 130101, Duration.ofMinutes(10));
        }
    };

    /**
     * Feishu (飞书) custom bot with 签名校验: {@code timestamp} (s, as a string) and {@code sign} =
     * base64(HmacSHA256(key: timestamp + "\n" + secret, data: empty)) in the body; a rich text ("post") message.
     * {@code code} 0 is success; 9499 and 11232 are its rate limits.
     */
    static final Platform FEISHU = new Platform() {

        @Override
        public URI uri(RobotChannel channel, Instant now) {
            return URI.create(channel.webhookUrl());
        }

        @Override
        public String body(RobotChannel channel, String title, List<RobotEntry> entries, Instant now) {
            ObjectNode body = JSON.createObjectNode();
            if (channel.hasSecret()) {
                String timestamp = Long.toString(now.getEpochSecond());
                body.put("timestamp", timestamp).put("sign", hmacBase64(timestamp + "\n" + channel.secret(), ""));
            }
            body.put("msg_type", "post");
            String language = "zh".equals(channel.locale().getLanguage()) ? "zh_cn" : "en_us";
            ObjectNode post = body.putObject("content").putObject("post").putObject(language);
            post.put("title", title);
            ArrayNode lines = post.putArray("content");
            for (RobotEntry entry : entries) {
                lines.addArray().addObject().put("tag", "text").put("text", entry.headline());
                entry.fields().forEach(f -> lines.addArray().addObject().put("tag", "text")
                        .put("text", "    " + f.label() + ": " + f.value()));
                ArrayNode link = lines.addArray();
                link.addObject().put("tag", "text").put("text", "    ");
                link.addObject().put("tag", "a").put("text", entry.linkLabel()).put("href", entry.url());
            }
            return JSON.writeValueAsString(body);
        }

        @Override
        public int maxBytes() {
            return 18000;
        }

        @Override
        public RobotAnswers answer(HttpResponse<String> response) {
            if (response.statusCode() == 429) {
                return new RobotAnswers.RateLimited(RobotAnswers.retryAfter(response, Duration.ofMinutes(1)),
                        "HTTP 429 " + RobotAnswers.shorten(response.body()));
            }
            JsonNode answer = json(response);
            if (answer == null) {
                return new RobotAnswers.Failed("HTTP " + response.statusCode() + " "
                        + RobotAnswers.shorten(response.body()));
            }
            JsonNode code = answer.has("code") ? answer.get("code") : answer.get("StatusCode");
            int value = code == null ? -1 : code.asInt();
            if (value == 0 && response.statusCode() / 100 == 2) {
                return new RobotAnswers.Delivered();
            }
            String error = "code " + value + ": " + (answer.has("msg") ? answer.get("msg").asString() : "");
            if (value == 9499 || value == 11232) {
                return new RobotAnswers.RateLimited(Duration.ofMinutes(1), error);
            }
            return new RobotAnswers.Failed(error);
        }
    };

    /**
     * Slack incoming webhook: {@code text} (what notifications show) and mrkdwn section blocks; the answer is the
     * plain body {@code ok}, a rate limit is HTTP 429 with Retry-After.
     */
    static final Platform SLACK = new Platform() {

        @Override
        public URI uri(RobotChannel channel, Instant now) {
            return URI.create(channel.webhookUrl());
        }

        @Override
        public String body(RobotChannel channel, String title, List<RobotEntry> entries, Instant now) {
            // The text is what Slack shows in its notifications of the message: the title and the first line.
            String fallback = entries.isEmpty() ? title : title + ": " + entries.get(0).headline()
                    + (entries.size() > 1 ? " …" : "");
            ObjectNode body = JSON.createObjectNode().put("text", fallback);
            ArrayNode blocks = body.putArray("blocks");
            section(blocks, "*" + escape(title) + "*");
            for (RobotEntry entry : entries) {
                StringBuilder text = new StringBuilder("*").append(escape(entry.headline())).append('*');
                entry.fields().forEach(f -> text.append('\n').append(escape(f.label())).append(": ")
                        .append(escape(f.value())));
                text.append("\n<").append(entry.url()).append('|').append(escape(entry.linkLabel())).append('>');
                section(blocks, text.toString());
            }
            return JSON.writeValueAsString(body);
        }

        private void section(ArrayNode blocks, String mrkdwn) {
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", mrkdwn);
        }

        /** Slack's mrkdwn reads these three as markup; everything else stays as written. */
        private String escape(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }

        @Override
        public int maxBytes() {
            return 30000;
        }

        @Override
        public RobotAnswers answer(HttpResponse<String> response) {
            if (response.statusCode() == 429) {
                return new RobotAnswers.RateLimited(RobotAnswers.retryAfter(response, Duration.ofMinutes(1)),
                        "HTTP 429 " + RobotAnswers.shorten(response.body()));
            }
            if (response.statusCode() == 200 && "ok".equals(response.body().strip())) {
                return new RobotAnswers.Delivered();
            }
            return new RobotAnswers.Failed("HTTP " + response.statusCode() + " "
                    + RobotAnswers.shorten(response.body()));
        }
    };

    /** The WeCom and DingTalk answer: HTTP 200 with {@code {"errcode":0,"errmsg":"ok"}}. */
    private static RobotAnswers errcode(HttpResponse<String> response, int rateLimitCode, Duration pause) {
        if (response.statusCode() == 429) {
            return new RobotAnswers.RateLimited(RobotAnswers.retryAfter(response, pause),
                    "HTTP 429 " + RobotAnswers.shorten(response.body()));
        }
        JsonNode answer = json(response);
        if (answer == null || !answer.has("errcode")) {
            return new RobotAnswers.Failed("HTTP " + response.statusCode() + " "
                    + RobotAnswers.shorten(response.body()));
        }
        int code = answer.get("errcode").asInt();
        if (code == 0 && response.statusCode() / 100 == 2) {
            return new RobotAnswers.Delivered();
        }
        String error = "errcode " + code + ": " + (answer.has("errmsg") ? answer.get("errmsg").asString() : "");
        return code == rateLimitCode ? new RobotAnswers.RateLimited(pause, error) : new RobotAnswers.Failed(error);
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            JsonNode node = JSON.readTree(response.body());
            return node != null && node.isObject() ? node : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String hmacBase64(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
