FROM python:3.13-slim
RUN apt-get update && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir -e . && DJANGO_SECRET_KEY=build-only python manage.py compilemessages --ignore=.venv
ENV PYTHONUNBUFFERED=1
EXPOSE 8000
