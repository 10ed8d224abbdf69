package dev.tandem.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.auth.DocumentGrants;
import dev.tandem.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationRecipientsTest {

    private static JsonObject grant(String user, String actor, String previousRole, String role) {
        return new JsonObject().put("event", "grant").put("c", "notes").put("d", "n1").put("user", user)
                .put("actor", actor).put("previousRole", previousRole).put("role", role);
    }

    private static JsonObject opEvent(String event, String actor, String... users) {
        return new JsonObject().put("event", event).put("c", "notes").put("d", "n1").put("v", 7L).put("actor", actor)
                .put("users", new JsonArray(java.util.List.of((Object[]) users)));
    }

    @Test
    void grantKindFollowsPreviousAndNewRole() {
        assertThat(NotificationVerticle.grantNotifications(grant("bob", "ann", null, "editor")))
                .extracting(Notification::kind).containsExactly(NotificationKind.SHARED);
        assertThat(NotificationVerticle.grantNotifications(grant("bob", "ann", "editor", "viewer")))
                .extracting(Notification::kind).containsExactly(NotificationKind.ROLE_CHANGED);
        assertThat(NotificationVerticle.grantNotifications(grant("bob", "ann", "viewer", null)))
                .extracting(Notification::kind).containsExactly(NotificationKind.UNSHARED);
    }

    @Test
    void grantSelfEveryoneAndUnchangedRoleNotifyNobody() {
        assertThat(NotificationVerticle.grantNotifications(grant("ann", "ann", null, "owner"))).isEmpty();
        assertThat(NotificationVerticle.grantNotifications(grant("*", "ann", null, "viewer"))).isEmpty();
        assertThat(NotificationVerticle.grantNotifications(grant("bob", "ann", "viewer", "viewer"))).isEmpty();
    }

    @Test
    void mentionNotifiesReadersOtherThanActor() {
        DocumentGrants grants = new DocumentGrants(Map.of("ann", Role.OWNER, "bob", Role.VIEWER));

        var notified = NotificationVerticle.mentionNotifications(opEvent("mention", "ann", "ann", "bob", "carl"), grants);

        assertThat(notified).extracting(Notification::userId).containsExactly("bob");
        assertThat(notified.get(0).version()).isEqualTo(7L);
    }

    @Test
    void mentionInPublicDocumentNotifiesAnyNamedUser() {
        DocumentGrants grants = new DocumentGrants(Map.of("ann", Role.OWNER, "*", Role.VIEWER));

        var notified = NotificationVerticle.mentionNotifications(opEvent("mention", "ann", "carl", "*"), grants);

        assertThat(notified).extracting(Notification::userId).containsExactly("carl");
    }

    @Test
    void deleteNotifiesOwnersOtherThanActor() {
        DocumentGrants grants = new DocumentGrants(Map.of("ann", Role.OWNER, "bob", Role.OWNER, "carl", Role.EDITOR,
                "*", Role.VIEWER));

        var notified = NotificationVerticle.ownerNotifications(opEvent("deleted", "bob"), grants,
                NotificationKind.DELETED);

        assertThat(notified).extracting(Notification::userId).containsExactly("ann");
    }
}
