package io.tandem.notification.internal;

/** The group chat platforms whose incoming webhooks ("group robots") Tandem posts to. */
public enum RobotKind {
    /** WeCom and DingTalk group robots take 20 messages a minute; Feishu custom bots 100 a minute and 5 a second;
     * Slack incoming webhooks about one a second. */
    WECOM(false, java.time.Duration.ofSeconds(3)), DINGTALK(true, java.time.Duration.ofSeconds(3)),
    FEISHU(true, java.time.Duration.ofMillis(600)), SLACK(false, java.time.Duration.ofSeconds(1));

    private final boolean signed;
    private final java.time.Duration minInterval;

    RobotKind(boolean signed, java.time.Duration minInterval) {
        this.signed = signed;
        this.minInterval = minInterval;
    }

    /** The shortest time between two messages the platform accepts from one robot, on average. */
    public java.time.Duration minInterval() {
        return minInterval;
    }

    /** Whether the platform signs requests with a secret (DingTalk 加签, Feishu 签名校验). */
    public boolean signed() {
        return signed;
    }
}
