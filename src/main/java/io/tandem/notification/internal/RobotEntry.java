package io.tandem.notification.internal;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One notification's part of a group robot message, already in the channel's language: kept as JSON in the delivery
 * row, so each platform lays it out in its own markup when the combined message is sent.
 */
record RobotEntry(String headline, List<NotificationDetails.Field> fields, String url, String linkLabel) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("headline", headline).put("url", url).put("link", linkLabel);
        ArrayNode lines = node.putArray("fields");
        fields.forEach(field -> lines.addArray().add(field.label()).add(field.value()));
        return JSON.writeValueAsString(node);
    }

    static RobotEntry fromJson(String json) {
        JsonNode node = JSON.readTree(json);
        List<NotificationDetails.Field> fields = new ArrayList<>();
        node.get("fields").forEach(line -> fields.add(new NotificationDetails.Field(line.get(0).asString(),
                line.get(1).asString())));
        return new RobotEntry(node.get("headline").asString(), fields, node.get("url").asString(),
                node.get("link").asString());
    }
}
