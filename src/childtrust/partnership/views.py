from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def placeholder(request: HttpRequest) -> HttpResponse:
    return render(request, "core/404.html", status=404)
