package io.tandem.notification.internal;

/** The group chat platforms whose incoming webhooks ("group robots") Tandem posts to. */
public enum RobotKind {
    WECOM(false), DINGTALK(true), FEISHU(true), SLACK(false);

    private final boolean signed;

    RobotKind(boolean signed) {
        this.signed = signed;
    }

    /** Whether the platform signs requests with a secret (DingTalk 加签, Feishu 签名校验). */
    public boolean signed() {
        return signed;
    }
}
