from django.contrib.auth import views as auth_views
from django.urls import path

from satupintu.accounts import signin, views

app_name = "accounts"
urlpatterns = [
    path("masuk/", signin.SignInView.as_view(), name="login"),
    path("masuk/kode/", signin.otp_verify, name="otp_verify"),
    path("masuk/aktifkan-2fa/", signin.otp_enrol, name="otp_enrol"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("daftar/", views.register_choose, name="register"),
    path("daftar/perorangan/", views.register, {"kind": "individual"},
         name="register_individual"),
    path("daftar/badan-usaha/", views.register, {"kind": "business"}, name="register_business"),
    path("akun/", views.profile, name="profile"),
    path("akun/ubah/", views.profile_edit, name="profile_edit"),
    path("akun/sandi/", views.password_change, name="password_change"),
    path("akun/sandi/selesai/", views.password_change_done, name="password_change_done"),
    path("akun/verifikasi/kirim/", views.resend_verification, name="resend_verification"),
    path("akun/verifikasi/<str:token>/", views.verify_email, name="verify_email"),
    path("lupa-sandi/", views.password_reset, name="password_reset"),
    path("lupa-sandi/terkirim/", views.password_reset_done, name="password_reset_done"),
    path("lupa-sandi/<uidb64>/<token>/", views.password_reset_confirm,
         name="password_reset_confirm"),
    path("lupa-sandi/selesai/", views.password_reset_complete, name="password_reset_complete"),
]
