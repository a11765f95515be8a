-- The demo's replica: a tiny shop. Portable SQL: runs on MariaDB/MySQL and on H2 in MariaDB mode.
-- Some rows are hostile on purpose: values from the database must reach Slack as plain text.
CREATE TABLE customers (
  id BIGINT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  email VARCHAR(200) NOT NULL,
  plan VARCHAR(40) NOT NULL
);
CREATE TABLE orders (
  id BIGINT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  total DECIMAL(12,2) NOT NULL,
  currency CHAR(3) NOT NULL,
  items INT NOT NULL,
  note VARCHAR(2000),
  created_at TIMESTAMP NOT NULL
);
INSERT INTO customers (id, name, email, plan) VALUES
  (1, '<!channel> & <https://evil.example|bank>', 'mallory@evil.example', 'free'),
  (2, '山田 太郎', 'taro.yamada@example.jp', 'business'),
  (3, 'Ada Lovelace', 'ada@example.com', 'enterprise');
INSERT INTO orders (id, customer_id, total, currency, items, note, created_at) VALUES
  (42, 1, 129.90, 'USD', 3, 'Ping <@U024BE7LH> and <!here>, then visit <https://evil.example/login|your bank>', TIMESTAMP '2026-08-22 21:20:11'),
  (43, 2, 15800.00, 'JPY', 1, '置き配を希望します（玄関前）', TIMESTAMP '2026-08-22 21:24:03'),
  (44, 3, 2499.00, 'EUR', 12, NULL, TIMESTAMP '2026-08-22 21:31:47');
