"""Django views of an annotation service (labelled corpus: rules-c)."""
import hashlib
import os
import subprocess
import zipfile

from django.conf import settings
from django.db import connection
from django.http import FileResponse, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

MEDIA = settings.MEDIA_ROOT


@require_GET
def download_image(request, image_name):
    path = os.path.join(MEDIA, "images", image_name)
    return FileResponse(open(path, "rb"))  # risk: path-traversal


def download_export(request):
    name = request.GET.get("file", "export.csv")
    with open(os.path.join(MEDIA, "exports", name)) as handle:  # risk: path-traversal
        return HttpResponse(handle.read(), content_type="text/csv")


def download_export_safe(request):
    name = os.path.basename(request.GET.get("file", "export.csv"))
    with open(os.path.join(MEDIA, "exports", name)) as handle:
        return HttpResponse(handle.read(), content_type="text/csv")


def label_counts(request):
    project = request.GET["project"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT label, COUNT(*) FROM labels WHERE project = '{project}' GROUP BY label")  # risk: sql-injection
        rows = cursor.fetchall()
    return JsonResponse(dict(rows))


def label_counts_safe(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT label, COUNT(*) FROM labels WHERE project = %s GROUP BY label", [request.GET["project"]])
        rows = cursor.fetchall()
    return JsonResponse(dict(rows))


def import_batch(request):
    upload = request.FILES["archive"]
    with zipfile.ZipFile(upload) as archive:
        archive.extractall(os.path.join(MEDIA, "incoming"))  # risk: path-traversal
    return HttpResponse("ok")


def thumbnail(request, image_id):
    source = os.path.join(MEDIA, "images", f"{int(image_id)}.jpg")
    subprocess.run(["convert", source, "-resize", "128x128", source + ".thumb.jpg"], check=True)
    return FileResponse(open(source + ".thumb.jpg", "rb"))


def avatar_url(request):
    email = request.user.email.strip().lower()
    digest = hashlib.md5(email.encode()).hexdigest()  # risk: weak-crypto
    return JsonResponse({"url": f"https://www.gravatar.com/avatar/{digest}"})


def healthcheck(request):
    return HttpResponse(subprocess.check_output(["git", "rev-parse", "HEAD"]))
