package io.tandem.connectors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/**
 * Signing per the Standard Webhooks spec, against the specification's own published vector (the reference libraries'
 * {@code TestWebhookSign}: standard-webhooks/standard-webhooks, libraries/go/webhook_test.go) and against an HMAC
 * computed here independently.
 */
class StandardWebhooksTests {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long TIMESTAMP = 1614265330;
    static final String PAYLOAD = "{\"test\": 2432232314}";
    static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    static final Instant AT = Instant.ofEpochSecond(TIMESTAMP);

    @Test
    void signsTheSpecificationsExampleAsPublished() {
        assertThat(StandardWebhooks.sign(SECRET, ID, TIMESTAMP, PAYLOAD)).isEqualTo(SIGNATURE);
        // the whsec_ prefix is optional
        assertThat(StandardWebhooks.sign(SECRET.substring(6), ID, TIMESTAMP, PAYLOAD)).isEqualTo(SIGNATURE);
    }

    @Test
    void signsWhatAnIndependentHmacOfIdTimestampAndBodySays() throws Exception {
        byte[] key = new byte[32];
        new java.util.Random(7).nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        String body = "{\"type\":\"lead.transferred\",\"name\":\"王芳 \\\"Fang\\\"\"}";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal(("msg_1.1700000000." + body).getBytes(StandardCharsets.UTF_8)));

        assertThat(StandardWebhooks.sign(secret, "msg_1", 1700000000, body)).isEqualTo(expected);
    }

    @Test
    void verifiesTheExampleWithinFiveMinutesEitherWay() {
        assertThatCode(() -> verify(SIGNATURE, PAYLOAD, AT)).doesNotThrowAnyException();
        assertThatCode(() -> verify(SIGNATURE, PAYLOAD, AT.plus(Duration.ofMinutes(5)))).doesNotThrowAnyException();
        assertThatCode(() -> verify(SIGNATURE, PAYLOAD, AT.minus(Duration.ofMinutes(5)))).doesNotThrowAnyException();

        assertThatThrownBy(() -> verify(SIGNATURE, PAYLOAD, AT.plus(Duration.ofMinutes(5)).plusSeconds(1)))
                .isInstanceOf(StandardWebhooks.InvalidSignature.class).hasMessageContaining("5 minutes");
        assertThatThrownBy(() -> verify(SIGNATURE, PAYLOAD, AT.minus(Duration.ofMinutes(5)).minusSeconds(1)))
                .isInstanceOf(StandardWebhooks.InvalidSignature.class);
    }

    @Test
    void acceptsOneGoodSignatureAmongSeveralAndRefusesAlteredOnes() {
        String several = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "
                + SIGNATURE + " v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
        assertThatCode(() -> verify(several, PAYLOAD, AT)).doesNotThrowAnyException();

        assertThatThrownBy(() -> verify("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", PAYLOAD, AT))
                .isInstanceOf(StandardWebhooks.InvalidSignature.class);
        assertThatThrownBy(() -> verify(SIGNATURE, "{\"test\": 2432232315}", AT))
                .isInstanceOf(StandardWebhooks.InvalidSignature.class);
        // the same MAC under another version tag is not a v1 signature
        assertThatThrownBy(() -> verify(SIGNATURE.replace("v1,", "v2,"), PAYLOAD, AT))
                .isInstanceOf(StandardWebhooks.InvalidSignature.class);
        assertThatThrownBy(() -> verify("v1,not base64!", PAYLOAD, AT))
                .isInstanceOf(StandardWebhooks.InvalidSignature.class);
    }

    @Test
    void refusesMissingHeadersAndAnUnreadableTimestamp() {
        assertThatThrownBy(() -> StandardWebhooks.verify(SECRET, null, "1614265330", SIGNATURE, PAYLOAD, AT))
                .isInstanceOf(StandardWebhooks.InvalidSignature.class).hasMessageContaining("webhook-id");
        assertThatThrownBy(() -> StandardWebhooks.verify(SECRET, ID, null, SIGNATURE, PAYLOAD, AT))
                .isInstanceOf(StandardWebhooks.InvalidSignature.class);
        assertThatThrownBy(() -> StandardWebhooks.verify(SECRET, ID, "1614265330", " ", PAYLOAD, AT))
                .isInstanceOf(StandardWebhooks.InvalidSignature.class);
        assertThatThrownBy(() -> StandardWebhooks.verify(SECRET, ID, "2021-02-25T15:02:10Z", SIGNATURE, PAYLOAD, AT))
                .isInstanceOf(StandardWebhooks.InvalidSignature.class).hasMessageContaining("epoch seconds");
    }

    @Test
    void aTemplateGetsEscapedTextInsideStringsAndJsonValuesOutside() {
        String rendered = WebhookClient.render("""
                {"event": "new lead", "title": "Lead {{name}} ({{company}})", "email": "{{email}}",
                 "amount": {{amount}}, "city": {{city}}, "note": "literal \\"{{not}}\\" and {{ email }}"}""",
                Map.of("name", "王芳 \"Fang\"", "company", "东方\\钢铁", "email", "wang@x.cn",
                        "amount", new java.math.BigDecimal("12.50")));

        var json = ConnectorStore.JSON.readTree(rendered);
        assertThat(json.path("title").asString()).isEqualTo("Lead 王芳 \"Fang\" (东方\\钢铁)");
        assertThat(json.path("email").asString()).isEqualTo("wang@x.cn");
        assertThat(json.path("amount").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(json.path("city").isNull()).isTrue();
        assertThat(json.path("note").asString()).isEqualTo("literal \"\" and wang@x.cn");
    }

    private static void verify(String signatures, String body, Instant now) throws StandardWebhooks.InvalidSignature {
        StandardWebhooks.verify(SECRET, ID, Long.toString(TIMESTAMP), signatures, body, now);
    }
}
