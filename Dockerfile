# The suite on the official Odoo 19 image (used by docker-compose.yml).
# tests/test_deployment.py checks this file against requirements.txt and addons/.
FROM odoo:19

USER root
COPY requirements.txt /tmp/ops-requirements.txt
# The image's Odoo is a Debian package, not a pip distribution, so queue_job (which
# declares odoo==19.0.*) is installed without dependency resolution; everything else in
# requirements.txt is installed normally.
RUN grep -v '^odoo-addon-queue-job' /tmp/ops-requirements.txt > /tmp/ops-requirements-image.txt \
    && pip3 install --no-cache-dir --break-system-packages -r /tmp/ops-requirements-image.txt \
    && pip3 install --no-cache-dir --break-system-packages --no-deps "$(grep '^odoo-addon-queue-job' /tmp/ops-requirements.txt | cut -d' ' -f1)" \
    && rm /tmp/ops-requirements*.txt
COPY addons /mnt/extra-addons
USER odoo
