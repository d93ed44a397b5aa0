#pragma once
// OfficialImportDialog: File → New Project from PyTorch Checkpoint…: a training folder of the official
// PyTorch CycleGAN code (latest_net_G_A.pth … and train_opt.txt), the saved epoch to continue from, the
// two domains' image folders and the new project's folder. UI thread, modal.

#include "ui/types.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace ui {

class OfficialImportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit OfficialImportDialog(QWidget *parent = nullptr);
    OfficialImportRequest request() const;
    void setRequest(const OfficialImportRequest &request);
    // The epochs saved in a folder: "latest" first when there, then the numbers in order.
    static QStringList savedEpochs(const QString &checkpointDir);

private:
    QLineEdit *addPathRow(const QString &label, const QString &placeholder, const QString &dialogTitle, bool newFolder);
    void refreshEpochs();
    void validate();

    QLineEdit *m_checkpoint, *m_domainA, *m_domainB, *m_projectDir;
    QComboBox *m_epoch;
    QLabel *m_found;
    QPushButton *m_ok;
};

} // namespace ui
