package io.opsnotify.cli;

import io.opsnotify.demo.DemoRun;
import io.opsnotify.testkit.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The demo's own sample data (orders, customers), loaded into a new schema of the test MariaDB. */
final class DemoSchema {
    private DemoSchema() {
    }

    /**
     * A new schema {@code name} holding the demo's shop data, and a read-only account
     * {@code user}/{@code password} on it, as a replica would give the notifier.
     *
     * @return the schema's JDBC URL
     */
    static String create(String name, String user, String password) throws IOException {
        TestDatabase db = TestDatabase.get();
        String url = db.newSchema(name);
        String script;
        try (InputStream in = DemoSchema.class.getResourceAsStream("/demo/shop.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        db.execute(url, DemoRun.statements(script).toArray(String[]::new));
        db.createReadOnlyUser(url, user, password);
        return url;
    }
}
