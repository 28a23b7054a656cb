"""Pages that need a browser: a real headless Chromium renders them, for a crawl (through
scrapy-playwright) and for `policywatch extract URL --browser`."""
