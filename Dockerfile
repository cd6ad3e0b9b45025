FROM python:3.13-slim
RUN apt-get update && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir -e . && DJANGO_SECRET_KEY=build-only python manage.py compilemessages --ignore=.venv \
    && DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput
ENV PYTHONUNBUFFERED=1
EXPOSE 8000
# gunicorn serves the application only (settings in gunicorn.conf.py; WEB_CONCURRENCY sets the
# workers); the collected static files in STATIC_ROOT are for the reverse proxy in front of it.
CMD ["gunicorn", "toegang.wsgi", "-c", "gunicorn.conf.py"]
