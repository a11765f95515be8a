package io.opsnotify.notifier.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlQueryTest {

    @Test
    void parse_shouldReplaceIdWithMarker_whenQueryUsesIdOnce() {
        // arrange
        String sql = "SELECT o.id, o.total FROM orders o WHERE o.id = :id";

        // act
        SqlQuery q = SqlQuery.parse(sql);

        // assert
        assertThat(q.jdbcSql()).isEqualTo("SELECT o.id, o.total FROM orders o WHERE o.id = ?");
        assertThat(q.parameterCount()).isEqualTo(1);
        assertThat(q.source()).isEqualTo(sql);
    }

    @Test
    void parse_shouldCountEveryMarker_whenIdIsUsedSeveralTimes() {
        // arrange
        String sql = "SELECT * FROM orders WHERE id = :id OR parent_id = :id OR (:id IS NULL)";

        // act
        SqlQuery q = SqlQuery.parse(sql);

        // assert
        assertThat(q.jdbcSql()).isEqualTo("SELECT * FROM orders WHERE id = ? OR parent_id = ? OR (? IS NULL)");
        assertThat(q.parameterCount()).isEqualTo(3);
    }

    @Test
    void parse_shouldLeaveIdAlone_whenInsideSingleQuotedString() {
        // arrange: the doubled quote must not end the string early
        String sql = "SELECT 'it''s :id', 'a'' :id' AS x FROM orders WHERE id = :id";

        // act
        SqlQuery q = SqlQuery.parse(sql);

        // assert
        assertThat(q.jdbcSql()).isEqualTo("SELECT 'it''s :id', 'a'' :id' AS x FROM orders WHERE id = ?");
        assertThat(q.parameterCount()).isEqualTo(1);
    }

    @Test
    void parse_shouldLeaveIdAlone_whenInsideDoubleQuotedString() {
        // act
        SqlQuery q = SqlQuery.parse("SELECT \":id \"\" :name\" AS x FROM orders WHERE id = :id");

        // assert
        assertThat(q.jdbcSql()).isEqualTo("SELECT \":id \"\" :name\" AS x FROM orders WHERE id = ?");
        assertThat(q.parameterCount()).isEqualTo(1);
    }

    @Test
    void parse_shouldLeaveIdAlone_whenInsideBacktickIdentifier() {
        // act
        SqlQuery q = SqlQuery.parse("SELECT `weird:id?` FROM orders WHERE id = :id");

        // assert
        assertThat(q.jdbcSql()).isEqualTo("SELECT `weird:id?` FROM orders WHERE id = ?");
        assertThat(q.parameterCount()).isEqualTo(1);
    }

    @Test
    void parse_shouldDropComments_whenTheyContainPlaceholdersOrMarkers() {
        // arrange
        String sql = "SELECT id -- :id and ? here\n"
                + "FROM orders # :other ?\n"
                + "/* :id ? :nope */ WHERE id = :id";

        // act
        SqlQuery q = SqlQuery.parse(sql);

        // assert
        // the server never sees a comment it could read differently from us
        assertThat(q.jdbcSql()).isEqualTo("SELECT id  \nFROM orders  \n  WHERE id = ?");
        assertThat(q.parameterCount()).isEqualTo(1);
    }

    @Test
    void parse_shouldTreatDoubleDashAsMinus_whenNotFollowedByWhitespace() {
        // arrange: in MySQL "--" starts a comment only when followed by whitespace
        String sql = "SELECT 5--:id AS x FROM orders WHERE id = :id";

        // act
        SqlQuery q = SqlQuery.parse(sql);

        // assert
        assertThat(q.jdbcSql()).isEqualTo("SELECT 5--? AS x FROM orders WHERE id = ?");
        assertThat(q.parameterCount()).isEqualTo(2);
    }

    @Test
    void parse_shouldLeaveAssignmentAlone_whenQueryUsesColonEquals() {
        // act
        SqlQuery q = SqlQuery.parse("SELECT @n := @n + 1 AS rn, id FROM orders WHERE id = :id");

        // assert
        assertThat(q.jdbcSql()).isEqualTo("SELECT @n := @n + 1 AS rn, id FROM orders WHERE id = ?");
        assertThat(q.parameterCount()).isEqualTo(1);
    }

    @Test
    void parse_shouldAcceptWithAndParenthesis_whenQueryIsStillARead() {
        // act
        SqlQuery with = SqlQuery.parse("WITH t AS (SELECT 1) SELECT * FROM orders WHERE id = :id");
        SqlQuery paren = SqlQuery.parse("  (SELECT * FROM orders WHERE id = :id)  ");
        SqlQuery lower = SqlQuery.parse("select * from orders where id = :id");

        // assert
        assertThat(with.parameterCount()).isEqualTo(1);
        assertThat(paren.jdbcSql()).isEqualTo("(SELECT * FROM orders WHERE id = ?)");
        assertThat(lower.jdbcSql()).isEqualTo("select * from orders where id = ?");
    }

    @Test
    void parse_shouldRejectOtherNamedParameter_whenNotId() {
        assertThatThrownBy(() -> SqlQuery.parse("SELECT * FROM orders WHERE id = :id AND shop = :shop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":shop")
                .hasMessageContaining("only :id");
    }

    @Test
    void parse_shouldRejectIdPrefix_whenParameterNameMerelyStartsWithId() {
        assertThatThrownBy(() -> SqlQuery.parse("SELECT * FROM orders WHERE id = :idx"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":idx");
    }

    @Test
    void parse_shouldRejectBareQuestionMark_whenUsedAsMarker() {
        assertThatThrownBy(() -> SqlQuery.parse("SELECT * FROM orders WHERE id = ?"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'?'")
                .hasMessageContaining(":id");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM orders WHERE name = 'open :id",
        "SELECT * FROM orders WHERE name = \"open :id",
        "SELECT `open FROM orders WHERE id = :id"
    })
    void parse_shouldRejectUnterminatedQuote_whenStringNeverCloses(String sql) {
        assertThatThrownBy(() -> SqlQuery.parse(sql))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unterminated");
    }

    @Test
    void parse_shouldRejectUnterminatedBlockComment_whenCommentNeverCloses() {
        assertThatThrownBy(() -> SqlQuery.parse("SELECT * FROM orders WHERE id = :id /* open"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unterminated /*");
    }

    @Test
    void parse_shouldRejectQuery_whenIdAppearsOnlyInStringsAndComments() {
        assertThatThrownBy(() -> SqlQuery.parse("SELECT ':id' FROM orders -- :id\n WHERE id = 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no :id placeholder");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "DELETE FROM orders WHERE id = :id",
        "UPDATE orders SET total = 0 WHERE id = :id",
        "INSERT INTO orders (id) VALUES (:id)",
        "CALL purge(:id)"
    })
    void parse_shouldRejectStatement_whenNotASelect(String sql) {
        assertThatThrownBy(() -> SqlQuery.parse(sql))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a SELECT")
                .hasMessageContaining("found '" + sql.split(" ")[0] + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t"})
    void parse_shouldRejectQuery_whenEmpty(String sql) {
        assertThatThrownBy(() -> SqlQuery.parse(sql))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("query is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "WITH x AS (SELECT 1) DELETE FROM orders WHERE id = :id",
        "WITH x AS (SELECT 1) UPDATE orders SET total = 0 WHERE id = :id",
        "SELECT * FROM orders WHERE id = :id FOR UPDATE",
        "SELECT * FROM orders WHERE id = :id LOCK IN SHARE MODE",
        "SELECT * INTO OUTFILE '/tmp/x' FROM orders WHERE id = :id",
        "SELECT id INTO @v FROM orders WHERE id = :id"})
    void parse_shouldRejectQuery_whenItWritesOrLocks(String sql) {
        Assertions.assertThatThrownBy(() -> SqlQuery.parse(sql))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query must only read");
    }

    @Test
    void parse_shouldAcceptWriteWords_whenTheyAreInStringsCommentsOrLongerNames() {
        SqlQuery q = SqlQuery.parse("SELECT last_update, REPLACE(note, 'delete', 'x') AS `update` -- into\n"
                + "FROM orders /* for update */ WHERE note <> 'LOCK' AND id = :id");

        assertThat(q.parameterCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT id FROM orders WHERE id = :id; SET SESSION TRANSACTION READ WRITE; INSERT orders VALUES (1, 1, 1)",
        "SELECT id FROM orders WHERE id = :id; TRUNCATE orders",
        "SELECT id FROM orders WHERE id = :id;DROP TABLE orders",
        "SELECT id FROM orders WHERE id = :id ; REPLACE orders VALUES (1, 1, 1)",
        "SELECT id FROM orders WHERE id = :id -- x\n; INSERT orders VALUES (1, 1, 1)",
        "SELECT id FROM orders WHERE id = :id /* x */; SET @x = 1"})
    void parse_shouldRejectQuery_whenASecondStatementFollows(String sql) {
        assertThatThrownBy(() -> SqlQuery.parse(sql))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly one statement");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT id FROM orders WHERE id = :id /*!50000 ; INSERT orders VALUES (1, 1, 1) */",
        "SELECT /*!32302 1 INTO OUTFILE '/tmp/x' */ id FROM orders WHERE id = :id",
        "SELECT id FROM orders WHERE id = :id /*M!100000 FOR UPDATE */",
        "/*!50000 INSERT orders VALUES (1, 1, 1) -- */ SELECT id FROM orders WHERE id = :id"})
    void parse_shouldRejectQuery_whenItHasAVersionedComment(String sql) {
        assertThatThrownBy(() -> SqlQuery.parse(sql))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("versioned comments");
    }

    @Test
    void parse_shouldRejectBackslashInString_whenItsMeaningDependsOnSqlMode() {
        // under NO_BACKSLASH_ESCAPES the string ends at the second quote and INTO OUTFILE is code
        assertThatThrownBy(() -> SqlQuery.parse("SELECT 'a\\' INTO OUTFILE '/tmp/x' -- ' FROM orders WHERE id = :id"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backslash");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT id FROM orders WHERE id = :id\u0000; DELETE FROM orders",
        "SELECT id FROM orders # comment\u0000\nWHERE id = :id"})
    void parse_shouldRejectQuery_whenItHasControlCharacters(String sql) {
        assertThatThrownBy(() -> SqlQuery.parse(sql))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control character");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INSERT orders VALUES (:id, 1, 1)",
        "REPLACE orders SET id = :id",
        "TRUNCATE orders -- :id",
        "SET @x = :id",
        "DO :id",
        "HANDLER orders READ FIRST WHERE id = :id",
        "WITH c AS (SELECT :id AS id) TABLE orders",
        "(VALUES (:id))"})
    void parse_shouldRejectStatement_whenNotASelectEvenWithoutInto(String sql) {
        assertThatThrownBy(() -> SqlQuery.parse(sql))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a SELECT");
    }

    @Test
    void parse_shouldAcceptCommentsBeforeSelectAndATrailingSemicolon_whenStillOneRead() {
        SqlQuery q = SqlQuery.parse("-- the order\n/* and its customer */ WITH RECURSIVE c (n) AS (SELECT 1), d AS (SELECT 2)\n"
                + "SELECT o.id, INSERT(o.note, 1, 1, 'x') AS n FROM orders o WHERE o.id = :id ; -- done");

        assertThat(q.parameterCount()).isEqualTo(1);
        assertThat(q.jdbcSql()).startsWith("WITH RECURSIVE").endsWith("WHERE o.id = ?").doesNotContain(";", "--", "/*");
    }

    @Test
    void parse_shouldRejectForShare_whenItLocksRows() {
        assertThatThrownBy(() -> SqlQuery.parse("SELECT id FROM orders WHERE id = :id FOR SHARE"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FOR SHARE");
    }
}
